import type { ErrorRequestHandler, Request, Response } from "express";
import type { Logger } from "pino";
import { StorageHttpError, supabaseErrorBody } from "../http-kit/storage-errors";
import { supabaseErrorOf } from "./supabase-error";

// Answers with Supabase Storage's JSON error; the server's own failures are logged with the request id.
function answerStorageError(req: Request, res: Response, error: unknown, logger: Logger): void {
  const refusal = supabaseErrorOf(error);
  // A client that went away mid-transfer is not the server's failure, and there is no one to answer.
  if (req.socket.destroyed) return;
  if (!refusal) {
    const requestId = res.getHeader("x-request-id");
    logger.error({ err: error, requestId, route: req.route?.path }, "storage request failed");
  }
  if (res.headersSent) {
    // Mid-stream, only an incomplete body tells the client the transfer failed.
    res.destroy();
    return;
  }
  const answer = refusal ?? StorageHttpError.internal();
  // A body left unread would be taken for the next request on this connection.
  if (!req.complete) res.setHeader("connection", "close");
  res.status(answer.status).json(supabaseErrorBody(answer));
}

/** The API router's last handler: whatever a route throws ends as a Supabase error reply. */
export function storageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => answerStorageError(req, res, error, logger);
}
