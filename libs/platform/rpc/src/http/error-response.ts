import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { ErrorRequestHandler } from "express";
import { maxHeaderSize, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import superjson from "superjson";
import type { PlatformErrorData, PlatformErrorShape } from "../errors/format-error";
import { RefusalError } from "../errors/refusal";
import { trpcCallsOf } from "./request-labels";
import { requestIdOf } from "./request-notes";

/**
 * The one error response for everything answered outside a procedure: plain routes, requests no
 * route matched, and what Node's parser refuses. Under /trpc the body is tRPC's own error envelope
 * (so typed clients read the code); elsewhere it is `{ error: { code, message, requestId } }`.
 * Internal errors reach the log with the request id; clients only ever see a fixed message.
 */

/** What a client is told: an HTTP status, the matching tRPC error code, and a message with no internals. */
export interface HttpErrorReply {
  status: number;
  code: TRPC_ERROR_CODE_KEY;
  message: string;
}

const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
};

const MESSAGE_BY_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  NOT_FOUND: "Nothing is served at this path",
  METHOD_NOT_SUPPORTED: "This path does not answer that method",
  TIMEOUT: "The request took too long to arrive; send it again without pausing mid-request",
  PAYLOAD_TOO_LARGE: "The request body is larger than this service accepts",
  UNSUPPORTED_MEDIA_TYPE: "This content type is not accepted here",
};
const MALFORMED = "The request is malformed; check its URL, headers and body";
const INTERNAL: HttpErrorReply = {
  status: 500,
  code: "INTERNAL_SERVER_ERROR",
  message: "Internal server error; quote the request id when reporting it",
};

/** The reply for an HTTP status, with the fixed message of its code. */
export function replyForStatus(status: number): HttpErrorReply {
  const code = CODE_BY_STATUS[status] ?? "BAD_REQUEST";
  return { status, code, message: MESSAGE_BY_CODE[code] ?? MALFORMED };
}

function statusOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const status = "status" in error ? error.status : "statusCode" in error ? error.statusCode : null;
  return typeof status === "number" ? status : null;
}

/**
 * What to tell the client about an error raised outside a procedure: a TRPCError as it is, a 4xx
 * from a body parser or the router (malformed JSON, bad escapes in a route parameter) by its status
 * with a fixed message; null when it is internal.
 */
export function clientErrorReply(error: unknown): HttpErrorReply | null {
  if (error instanceof TRPCError) {
    if (error.code === "INTERNAL_SERVER_ERROR") return null;
    return { status: getHTTPStatusCodeFromError(error), code: error.code, message: error.message };
  }
  const status = statusOf(error);
  return status !== null && status >= 400 && status < 500 ? replyForStatus(status) : null;
}

/** Structured data a client can act on, from a RefusalError: why, and how long to wait. */
function refusalDataOf(error: unknown): Pick<PlatformErrorData, "reason" | "retryAfterSeconds"> {
  if (!(error instanceof RefusalError)) return {};
  return {
    reason: error.reason,
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  };
}

/** The JSON body of an error reply for a request to `url`; `error` adds its refusal data, if any. */
export function errorBody(url: string, reply: HttpErrorReply, requestId?: string, error?: unknown): string {
  const extra = { ...refusalDataOf(error), ...(requestId ? { requestId } : {}) };
  if (trpcCallsOf(url) === null) {
    return JSON.stringify({ error: { code: reply.code, message: reply.message, ...extra } });
  }
  const shape: PlatformErrorShape = {
    code: TRPC_ERROR_CODES_BY_KEY[reply.code],
    message: reply.message,
    data: { code: reply.code, httpStatus: reply.status, ...extra },
  };
  // The kit's tRPC instance serializes with superjson; its error envelope is { error: serialize(shape) }.
  return JSON.stringify({ error: superjson.serialize(shape) });
}

/**
 * Answers a request that failed outside a procedure with the platform's typed JSON error, logging
 * internal errors with the request id. Mid-stream it cuts the connection instead, so the client
 * sees an incomplete body, never a short but valid one.
 */
export function respondWithHttpError(
  req: IncomingMessage & { originalUrl?: string; route?: { path?: unknown } },
  res: ServerResponse,
  error: unknown,
  logger: Logger,
): void {
  const requestId = requestIdOf(res);
  const reply = clientErrorReply(error);
  if (!reply) logger.error({ err: error, requestId, route: req.route?.path }, "request failed");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = reply ?? INTERNAL;
  // Routers rewrite req.url below a mount point; originalUrl, when a router set it, is what the client sent.
  const body = errorBody(req.originalUrl ?? req.url ?? "/", answer, requestId, error);
  res.statusCode = answer.status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

/** Express's last error handler: whatever a route or middleware throws ends as a typed reply. */
export function lastResortErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => respondWithHttpError(req, res, error, logger);
}

const STATUS_BY_PARSER_ERROR: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

// Node keeps the response of the request being parsed here; it is what Node itself checks
// before answering a parser error.
type ParsingSocket = Socket & { _httpMessage?: ServerResponse | null };

function requestUrlOf(socket: ParsingSocket, rawPacket: unknown): string {
  const inFlight = socket._httpMessage?.req?.url;
  if (inFlight !== undefined) return inFlight;
  if (!Buffer.isBuffer(rawPacket)) return "";
  return /^[A-Z]+ (\S+)/.exec(rawPacket.subarray(0, 256).toString("latin1"))?.[1] ?? "";
}

/**
 * The server's `clientError` listener: answers what Node's HTTP parser refuses (a malformed
 * request line, headers over the size limit, a request that takes too long to arrive) with the
 * same typed JSON error, then closes the connection.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  const parsing = socket as ParsingSocket;
  const response = parsing._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_PARSER_ERROR[error.code ?? ""] ?? 400;
  const reply =
    status === 431
      ? {
          status,
          code: "BAD_REQUEST" as const,
          message: `The request line and headers exceed ${maxHeaderSize / 1024} KiB; send large input in the body`,
        }
      : replyForStatus(status);
  const body = errorBody(requestUrlOf(parsing, error.rawPacket), reply);
  // The access log reads the status of the response being cut short.
  if (response) response.statusCode = status;
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon();
}
