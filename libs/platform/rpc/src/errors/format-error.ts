import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import type { RequestContext } from "../context";
import { RefusalError, type RefusalReason } from "./refusal";
import { fieldErrorsOf, summarizeIssues, validationIssues } from "./validation-issues";

export interface PlatformErrorData {
  code: TRPCDefaultErrorShape["data"]["code"];
  httpStatus: number;
  path?: string;
  requestId?: string;
  /** Present on BAD_REQUEST from input validation: messages per dotted field path. */
  fieldErrors?: Record<string, string[]>;
  /** Why the request was refused, when the caller can act on it (e.g. `mfa_required`). */
  reason?: RefusalReason;
  /** Whole seconds until a retry can succeed (with reason `rate_limited`). */
  retryAfterSeconds?: number;
}

export interface PlatformErrorShape {
  code: number;
  message: string;
  data: PlatformErrorData;
}

/**
 * Shapes every error a client sees: validation errors carry field paths, internal errors
 * carry only a request id to quote (never SQL or stack traces).
 */
export function formatError(options: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  ctx: RequestContext | undefined;
}): PlatformErrorShape {
  const { shape, error, ctx } = options;
  const data: PlatformErrorData = {
    code: shape.data.code,
    httpStatus: shape.data.httpStatus,
    ...(shape.data.path ? { path: shape.data.path } : {}),
    ...(ctx?.requestId ? { requestId: ctx.requestId } : {}),
    ...(error instanceof RefusalError ? { reason: error.reason } : {}),
    ...(error instanceof RefusalError && error.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: error.retryAfterSeconds }
      : {}),
  };
  const issues = error.code === "BAD_REQUEST" ? validationIssues(error.cause) : null;
  if (issues) {
    return {
      code: shape.code,
      message: `Invalid input: ${summarizeIssues(issues)}`,
      data: { ...data, fieldErrors: fieldErrorsOf(issues) },
    };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return {
      code: shape.code,
      message: "Internal server error; quote the request id when reporting it",
      data,
    };
  }
  return { code: shape.code, message: shape.message, data };
}
