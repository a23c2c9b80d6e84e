import superjson from "superjson";
import type { ProcedureType } from "./procedure-catalog";

/** One call of a procedure over HTTP, addressed by its path the way a tRPC client addresses it. */
export interface ProcedureCall {
  url: string;
  path: string;
  type: ProcedureType;
  omitted: boolean;
  input: unknown;
  rawKeys?: Record<string, unknown>;
  token?: string;
  organizationId?: string;
}

/** What came back: the HTTP status (0 when no answer came), the error code if any, and the raw body. */
export interface CallOutcome {
  status: number;
  /** The tRPC error code (BAD_REQUEST, NOT_FOUND…), null for a result, undefined for an answer that is not tRPC's. */
  code: string | null | undefined;
  /** The error carries field errors: input validation answered it. */
  validation: boolean;
  body: string;
}

// A case that hangs this long counts as a failure: a procedure must answer bad input promptly.
const ANSWER_TIMEOUT_MS = 20_000;
// A subscription that neither errs nor sends within this time has accepted its input.
const SUBSCRIPTION_FIRST_EVENT_MS = 1_500;

/** Whether a value is plain JSON (no dates, non-finite numbers, undefined…), walked without recursion. */
function isPlainJson(value: unknown): boolean {
  const pending = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item === "string" || typeof item === "boolean") continue;
    if (typeof item === "number") {
      if (!Number.isFinite(item)) return false;
      continue;
    }
    if (Array.isArray(item)) pending.push(...item);
    else if (typeof item === "object" && Object.getPrototypeOf(item) === Object.prototype)
      pending.push(...Object.values(item));
    else return false;
  }
  return true;
}

function encodeInput(call: ProcedureCall): string | undefined {
  if (call.omitted) return undefined;
  // superjson walks nesting in quadratic time; plain JSON needs no metadata, so send it as superjson would.
  const serialized = isPlainJson(call.input) ? { json: call.input } : superjson.serialize(call.input);
  const json = serialized.json;
  if (call.rawKeys && typeof json === "object" && json !== null && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(call.rawKeys)) {
      Object.defineProperty(json, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return JSON.stringify(serialized);
}

interface ErrorEnvelope {
  error?: { json?: { data?: { code?: unknown; httpStatus?: unknown; fieldErrors?: unknown } } };
}

function readEnvelope(status: number, body: string): CallOutcome {
  let envelope: ErrorEnvelope & { result?: unknown };
  try {
    envelope = JSON.parse(body) as ErrorEnvelope & { result?: unknown };
  } catch {
    return { status, code: undefined, validation: false, body };
  }
  if (envelope.result !== undefined) return { status, code: null, validation: false, body };
  const data = envelope.error?.json?.data;
  return {
    status,
    code: typeof data?.code === "string" ? data.code : undefined,
    validation: data?.fieldErrors !== undefined,
    body,
  };
}

/** Reads a subscription's stream until its first error or message, then hangs up. */
async function readFirstEvent(response: Response, abort: AbortController): Promise<CallOutcome> {
  const reader = response.body?.getReader();
  if (!reader) return { status: response.status, code: undefined, validation: false, body: "" };
  const decoder = new TextDecoder();
  let text = "";
  const quiet = setTimeout(() => abort.abort(), SUBSCRIPTION_FIRST_EVENT_MS);
  try {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      for (const block of text.split("\n\n").slice(0, -1)) {
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === "serialized-error" && data) {
          // The stream itself answered 200; the error inside carries the status it stands for.
          const error = JSON.parse(data) as ErrorEnvelope["error"];
          const status = Number(error?.json?.data?.httpStatus ?? response.status);
          return { ...readEnvelope(status, JSON.stringify({ error })), body: text };
        }
        if (event === "message" && data) return { status: response.status, code: null, validation: false, body: text };
      }
    }
  } finally {
    clearTimeout(quiet);
    abort.abort();
  }
  return { status: response.status, code: null, validation: false, body: text };
}

/** Calls one procedure over real HTTP: GET for queries and subscriptions (SSE), POST for mutations. */
export async function callProcedure(call: ProcedureCall): Promise<CallOutcome> {
  const encoded = encodeInput(call);
  const headers: Record<string, string> = {
    ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
    ...(call.organizationId ? { "x-organization-id": call.organizationId } : {}),
  };
  const base = `${call.url}/trpc/${call.path}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ANSWER_TIMEOUT_MS);
  try {
    const response =
      call.type === "mutation"
        ? await fetch(base, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            ...(encoded === undefined ? {} : { body: encoded }),
            signal: abort.signal,
          })
        : await fetch(encoded === undefined ? base : `${base}?input=${encodeURIComponent(encoded)}`, {
            headers: call.type === "subscription" ? { ...headers, accept: "text/event-stream" } : headers,
            signal: abort.signal,
          });
    if (call.type === "subscription" && response.headers.get("content-type")?.startsWith("text/event-stream")) {
      return await readFirstEvent(response, abort);
    }
    return readEnvelope(response.status, await response.text());
  } catch (error) {
    return {
      status: 0,
      code: undefined,
      validation: false,
      body: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
