import { chatAnswerSchema, type ChatAnswer } from "./chat-answer";

/** Where and how the chat model is asked. */
export interface ChatEndpoint {
  /** `{url}/chat/completions`. */
  completionsUrl: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
}

/** How one request went: the model's answer, or what failed and whether asking again may help. */
export type ChatAttempt =
  | { ok: true; answer: ChatAnswer }
  | { ok: false; failure: "retryable" | "unparseable" | "final"; message: string; retryAfterMs?: number };

const INSTRUCTIONS = [
  "You find the named entities in the user's text and the relationships the text states between them.",
  "Answer with one JSON object and nothing else, shaped as",
  '{"entities": [{"name": string, "type": string, "aliases": [string]}], "relationships": [{"source": string, "target": string, "type": string}]}.',
  "Write each name exactly as it appears in the text; list other spellings the text uses as aliases.",
  "Entity types are short lower-case nouns such as person, place, organization, event, product.",
  "Relationship types are short snake_case verb phrases such as works_for, located_in, founded.",
  "A relationship's source and target are names of listed entities. List nothing the text does not mention.",
].join(" ");

const MAX_ANSWER_BYTES = 1 << 20;
const MAX_ERROR_BYTES = 16 << 10;
const QUOTED_ERROR_LENGTH = 200;

/** The chat completions URL under an OpenAI-compatible base URL (…/v1), its query kept. */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/u, "")}/chat/completions`;
  return url.toString();
}

/** The body's text, or undefined when it is longer than `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return "";
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of response.body) {
    length += part.byteLength;
    // Leaving the loop cancels the rest of the body.
    if (length > limit) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** The endpoint's own words about a failure, short and without the key. */
async function upstreamMessage(response: Response, apiKey: string | undefined): Promise<string> {
  let message = (await readCapped(response, MAX_ERROR_BYTES).catch(() => undefined)) ?? "";
  try {
    const parsed = JSON.parse(message) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // Not JSON: quote the text as it came.
  }
  if (apiKey) message = message.split(apiKey).join("[redacted]");
  message = message.replace(/\s+/gu, " ").trim().slice(0, QUOTED_ERROR_LENGTH);
  return message ? `: ${message}` : "";
}

/** The wait the endpoint asks for in ms (`retry-after-ms`, or `Retry-After` in seconds or as a date). */
function requestedWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/u.test(milliseconds)) return Number(milliseconds);
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/u.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function refusal(response: Response, endpoint: ChatEndpoint): Promise<ChatAttempt> {
  const { status } = response;
  const said = await upstreamMessage(response, endpoint.apiKey);
  const retryAfterMs = requestedWaitMs(response.headers);
  const wait = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { ok: false, failure: "retryable", message: `rate limited (429)${said}`, ...wait };
  if (status === 408 || status >= 500) {
    return { ok: false, failure: "retryable", message: `failed (${status})${said}`, ...wait };
  }
  if (status >= 300 && status < 400) {
    return { ok: false, failure: "final", message: `answered with a redirect (${status}), which is not followed` };
  }
  return { ok: false, failure: "final", message: `refused the request (${status})${said}` };
}

/** The model's JSON answer inside a chat completion, checked against the asked-for shape. */
export function answerOfCompletion(body: string): ChatAnswer | undefined {
  try {
    const completion = JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] };
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content !== "string") return undefined;
    const parsed = chatAnswerSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One POST under its own timeout and the caller's signal; never throws. */
export async function askChatModel(
  endpoint: ChatEndpoint,
  text: string,
  callerSignal: AbortSignal | undefined,
): Promise<ChatAttempt> {
  const deadline = AbortSignal.timeout(endpoint.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const body = JSON.stringify({
    model: endpoint.model,
    temperature: 0,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: INSTRUCTIONS },
      { role: "user", content: text },
    ],
  });
  try {
    const response = await fetch(endpoint.completionsUrl, {
      method: "POST",
      headers,
      body,
      signal,
      redirect: "manual",
    });
    if (response.status < 200 || response.status >= 300) return await refusal(response, endpoint);
    const answerText = await readCapped(response, MAX_ANSWER_BYTES);
    const answer = answerText === undefined ? undefined : answerOfCompletion(answerText);
    if (!answer)
      return { ok: false, failure: "unparseable", message: "answered with something that is not the asked-for JSON" };
    return { ok: true, answer };
  } catch (error) {
    if (callerSignal?.aborted) return { ok: false, failure: "final", message: "was cancelled" };
    if (deadline.aborted)
      return { ok: false, failure: "retryable", message: `did not answer within ${endpoint.timeoutMs} ms` };
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    return {
      ok: false,
      failure: "retryable",
      message: `could not be reached${typeof code === "string" ? ` (${code})` : ""}`,
    };
  }
}
