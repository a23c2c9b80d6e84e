import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { guardedLookup, refusedAddressLiteral } from "./endpoint-destination";
import type { PrivateHostAllowList } from "./private-host-allow-list";

/** How requests reach one embedding endpoint: kept-alive sockets, opened only to addresses the policy allows. */
export interface EndpointConnection {
  url: URL;
  allowList: PrivateHostAllowList;
  agent: HttpAgent;
}

/** An answer whose body is still to be read. */
export interface EndpointAnswer {
  status: number;
  headers: Headers;
  body: AsyncIterable<Uint8Array>;
}

/**
 * The connection to `url`. Its sockets are the endpoint's own, so one opened for a name the
 * allow-list holds never serves another endpoint.
 */
export function endpointConnection(url: string, allowList: PrivateHostAllowList): EndpointConnection {
  const parsed = new URL(url);
  const options = { keepAlive: true, lookup: guardedLookup(allowList) };
  const agent = parsed.protocol === "https:" ? new HttpsAgent(options) : new HttpAgent(options);
  return { url: parsed, allowList, agent };
}

function answerHeaders(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  return headers;
}

/**
 * POSTs `body` to the endpoint and hands the answer to `read`. Rejects when the destination is
 * refused (an EmbeddingProviderError), when the connection fails, or when `signal` aborts, which
 * also stops a body being read. Redirects are answers like any other: never followed.
 */
export async function postToEndpoint<T>(
  connection: EndpointConnection,
  request: { headers: Record<string, string>; body: string },
  signal: AbortSignal,
  read: (answer: EndpointAnswer) => Promise<T>,
): Promise<T> {
  const refused = refusedAddressLiteral(connection.url, connection.allowList);
  if (refused) throw refused;
  signal.throwIfAborted();
  const send = connection.url.protocol === "https:" ? httpsRequest : httpRequest;
  const outgoing = send(connection.url, {
    method: "POST",
    agent: connection.agent,
    headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
  });
  let response: IncomingMessage | undefined;
  const stop = () => {
    outgoing.destroy(signal.reason);
    response?.destroy(signal.reason);
  };
  signal.addEventListener("abort", stop, { once: true });
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      outgoing.once("response", resolve);
      outgoing.once("error", reject);
      outgoing.end(request.body);
    });
    // A socket failing once the answer has begun surfaces while its body is read.
    outgoing.on("error", () => undefined);
    return await read({ status: response.statusCode ?? 0, headers: answerHeaders(response), body: response });
  } finally {
    signal.removeEventListener("abort", stop);
    // A body left unread would hold its socket; dropping the socket is cheaper than draining it.
    if (response && !response.complete) response.destroy();
  }
}
