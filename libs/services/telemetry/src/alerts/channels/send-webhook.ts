import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkAddressLiteral, PrivateDestinationError, publicOnlyLookup } from "./webhook-destination";

/** One signed POST to a receiver. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Whether private, loopback and link-local destinations may be reached (local setups and tests). */
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * How a send went: delivered, or why not, in words free of the URL and any secret; `httpStatus`
 * is the receiver's answer where there was one (webhooks only).
 */
export type SendOutcome =
  { delivered: true; httpStatus: number | null } | { delivered: false; httpStatus: number | null; error: string };

function failureText(error: unknown, timeoutMs: number): string {
  if (error instanceof PrivateDestinationError) return error.message;
  if (error instanceof Error && error.name === "AbortError")
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? `could not reach the receiver (${code})` : "could not reach the receiver";
}

/**
 * POSTs the body and judges the answer by its status alone; redirects are not followed, and the
 * answer's body is never read, so a receiver cannot make the sender wait on it or store it.
 */
export async function sendWebhook(request: WebhookRequest): Promise<SendOutcome> {
  try {
    const url = new URL(request.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    if (!request.allowPrivate) checkAddressLiteral(url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(url, {
        method: "POST",
        agent: false,
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        signal: AbortSignal.timeout(request.timeoutMs),
        ...(request.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      });
      outgoing.once("response", resolve);
      // Kept after the answer: a socket failing once it came must not go unheard (an unhandled 'error').
      outgoing.on("error", reject);
      outgoing.end(request.body);
    });
    const httpStatus = response.statusCode ?? 0;
    response.destroy();
    if (httpStatus >= 200 && httpStatus < 300) return { delivered: true, httpStatus };
    return { delivered: false, httpStatus, error: `the receiver answered HTTP ${httpStatus}` };
  } catch (error) {
    return { delivered: false, httpStatus: null, error: failureText(error, request.timeoutMs) };
  }
}
