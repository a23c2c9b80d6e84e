import type { Response } from "express";
import type { Logger } from "pino";
import { StorageHttpError, supabaseErrorBody } from "../http-kit/storage-errors";
import { supabaseErrorOf } from "../supabase-api/supabase-error";
import { TUS_VERSION } from "./tus-protocol";

/**
 * Answers a failed TUS request with Supabase's JSON error and the TUS version header every answer
 * carries (and, refusing a version, the one spoken); the server's own failures are logged with the
 * request id and told as a fixed message.
 */
export function answerTusFailure(res: Response, error: unknown, logger: Logger): void {
  const refusal = supabaseErrorOf(error);
  if (!refusal)
    logger.error({ err: error, requestId: res.getHeader("x-request-id") }, "resumable upload request failed");
  if (res.headersSent || res.req.socket.destroyed) {
    res.destroy();
    return;
  }
  const answer = refusal ?? StorageHttpError.internal();
  // Rather than read a refused body to its end to keep the connection, close it.
  if (!res.req.complete) res.setHeader("connection", "close");
  res.setHeader("tus-resumable", TUS_VERSION);
  if (answer.status === 412) res.setHeader("tus-version", TUS_VERSION);
  res.status(answer.status).json(supabaseErrorBody(answer));
}
