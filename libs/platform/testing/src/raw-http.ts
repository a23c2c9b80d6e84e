import { connect } from "node:net";

/**
 * A bare HTTP/1.1 client for hostile tests: it writes requests byte for byte (malformed escapes,
 * repeated or non-ASCII headers, oversized lines, bodies that trickle in), which fetch would
 * refuse or normalize, and reads the reply until the server closes the connection.
 */

/** A request as sent on the wire; nothing is normalized or encoded on the way out. */
export interface RawRequest {
  method?: string;
  /** The request target, sent as-is (may hold malformed escapes). */
  path: string;
  /** Header lines in order; a name may repeat. Written as latin1, so any byte can be sent. */
  headers?: [string, string][];
  body?: string;
  /** Sends the request one byte at a time from this part on, a pause between bytes (a slow client). */
  trickle?: { from: "headers" | "body"; everyMs: number };
  /** Replaces the request line entirely, for requests that are not HTTP at all. */
  requestLine?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const RESPONSE_DEADLINE_MS = 20_000;

function head(url: URL, request: RawRequest): string {
  const lines = [request.requestLine ?? `${request.method ?? "GET"} ${request.path} HTTP/1.1`, `host: ${url.host}`];
  const headers = request.headers ?? [];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  const hasLength = headers.some(([name]) => name.toLowerCase() === "content-length");
  if (request.body !== undefined && !hasLength)
    lines.push(`content-length: ${Buffer.byteLength(request.body, "latin1")}`);
  lines.push("connection: close");
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseResponse(raw: Buffer): RawResponse {
  const headEnd = raw.indexOf("\r\n\r\n");
  if (headEnd === -1) throw new Error(`no HTTP response, got ${JSON.stringify(raw.toString("latin1").slice(0, 200))}`);
  const [statusLine = "", ...headerLines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.subarray(headEnd + 4);
  const chunked = headers["transfer-encoding"]?.toLowerCase() === "chunked";
  return { status, headers, body: (chunked ? dechunk(body) : body).toString("utf8") };
}

/** Sends a request over a fresh TCP connection and reads the reply until the server closes it. */
export function sendRawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const wire = Buffer.from(head(url, request) + (request.body ?? ""), "latin1");
  const trickleStart =
    request.trickle === undefined
      ? wire.length
      : request.trickle.from === "headers"
        ? wire.indexOf("\r\n") + 2
        : wire.indexOf("\r\n\r\n") + 4;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete reply to ${request.path.slice(0, 80)} within ${RESPONSE_DEADLINE_MS} ms`));
    }, RESPONSE_DEADLINE_MS);
    socket.on("data", (chunk) => received.push(chunk));
    // A reset after the reply (the server closing on unread input) still leaves a complete reply.
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(deadline);
      clearInterval(timer);
      try {
        resolve(parseResponse(Buffer.concat(received)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.write(wire.subarray(0, trickleStart));
    let offset = trickleStart;
    if (offset < wire.length && request.trickle) {
      timer = setInterval(() => {
        if (socket.destroyed || offset >= wire.length) {
          clearInterval(timer);
          return;
        }
        socket.write(wire.subarray(offset, offset + 1));
        offset += 1;
      }, request.trickle.everyMs);
    }
  });
}

interface ErrorEnvelope {
  code?: unknown;
  json?: { data?: { code?: unknown } };
  data?: { code?: unknown };
}

/** The error code a reply carries: tRPC's envelope (single or batched) or the plain `{ error: { code } }`. */
export function errorCodeOf(response: RawResponse): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return null;
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== "object" || first === null || !("error" in first)) return null;
  const error = first.error as ErrorEnvelope;
  const code = error.json?.data?.code ?? error.data?.code ?? error.code;
  return typeof code === "string" ? code : null;
}
