import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";

/** Why a request was refused, in a word a program can branch on; sent as `error.data.reason`. */
export type RefusalReason =
  | "email_unverified"
  | "access_revoked"
  | "mfa_required"
  | "token_scope"
  | "token_organization"
  | "rate_limited"
  | "organization_archived"
  | "slug_taken"
  | "name_taken"
  | "last_owner"
  | "already_member"
  | "invitation_pending"
  | "invitation_expired"
  | "invitation_closed"
  | "quota_exceeded"
  | "peer_unavailable"
  | "peer_timeout"
  | "database_unavailable"
  | "statement_timeout"
  | "embedding_provider_failed"
  | "version_conflict"
  | "not_empty"
  | "already_exists"
  | "too_large"
  | "mime_type_refused";

/** A typed error whose reason (and wait, if any) reach the client as structured data, never only in prose. */
export class RefusalError extends TRPCError {
  readonly reason: RefusalReason;
  /** Whole seconds until a retry can succeed; sent as `error.data.retryAfterSeconds`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(options: {
    code: TRPC_ERROR_CODE_KEY;
    message: string;
    reason: RefusalReason;
    retryAfterSeconds?: number;
  }) {
    super({ code: options.code, message: options.message });
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** FORBIDDEN with a reason, e.g. `forbidden("mfa_required", "Verify your second factor first")`. */
export function forbidden(reason: RefusalReason, message: string): RefusalError {
  return new RefusalError({ code: "FORBIDDEN", message, reason });
}

/** CONFLICT with a reason, e.g. `conflict("slug_taken", 'The slug "acme" is taken; choose another')`. */
export function conflict(reason: RefusalReason, message: string): RefusalError {
  return new RefusalError({ code: "CONFLICT", message, reason });
}

/** The refusal of a change to an archived organization; only restoring it is allowed. */
export function organizationArchivedError(): RefusalError {
  return new RefusalError({
    code: "PRECONDITION_FAILED",
    message: "This organization is archived; an owner must restore it before it can change",
    reason: "organization_archived",
  });
}

/** TOO_MANY_REQUESTS with `reason: "rate_limited"` and the wait, e.g. for a used-up sign-in limit. */
export function rateLimitedError(message: string, retryAfterSeconds: number): RefusalError {
  return new RefusalError({
    code: "TOO_MANY_REQUESTS",
    message: `${message}; retry after ${retryAfterSeconds} seconds`,
    reason: "rate_limited",
    retryAfterSeconds,
  });
}
