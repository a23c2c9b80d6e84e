import { principalOrganizationId, principalScopes, type Principal } from "../auth/principal";
import { forbidden } from "../errors/refusal";
import { isGranted } from "./permission-match";

/** The scope of procedures that only describe the caller (me, can), as narrowed by the token itself. */
export const CALLER_SCOPE = "self";

/** A `resource:action` permission, possibly with wildcards (`documents:*`). */
export type PermissionName = `${string}:${string}`;

/** A permission (`organizations:create`) or CALLER_SCOPE. */
export type ProcedureScope = PermissionName | typeof CALLER_SCOPE;

/** What a procedure declares with `.meta(…)`; the platform's middlewares read it. */
export interface ProcedureMeta {
  /**
   * What an API token's scopes or a service token's grants must cover to call the procedure.
   * Procedures that declare none are refused to every token: only signed-in sessions reach them.
   */
  scope?: ProcedureScope;
  /**
   * The largest request body a call of this procedure may send, e.g. "16mb" for bulk writes;
   * procedures that state none get REQUEST_BODY_LIMIT. A batch gets the largest of its calls'.
   */
  bodyLimit?: `${number}${"b" | "kb" | "mb"}`;
  /**
   * Set on a query that only reads the database (no Redis, quotas, peers or providers): it then
   * runs while its caller's session and organization access are still being checked, and its
   * answer waits for both (request-context.ts, read-admission.ts); its transactions are READ ONLY.
   * Every other procedure runs only once its caller is known to be admitted.
   */
  admitWithFirstStatement?: boolean;
}

/**
 * Lets a token call a procedure only when the procedure declared a scope and the token covers it;
 * signed-in sessions are limited by their user's permissions alone.
 */
export function assertTokenMayCall(principal: Principal, meta: ProcedureMeta | undefined): void {
  const scopes = principalScopes(principal);
  const scope = meta?.scope;
  if (scopes === null || scope === CALLER_SCOPE) return;
  const token = principal.kind === "service" ? "A service token" : "An API token";
  if (scope === undefined) {
    throw forbidden("token_scope", `${token} cannot call this procedure; it needs a signed-in session`);
  }
  if (!isGranted(scopes, scope)) {
    throw forbidden("token_scope", `${token} needs the ${scope} scope to call this procedure`);
  }
}

/**
 * A token bound to one organization reaches nothing outside it: of the procedures that are not an
 * organization's, it may call only those describing the caller, which narrow their answer to it.
 */
export function assertMayActOutsideOrganizations(principal: Principal, meta: ProcedureMeta | undefined): void {
  if (principalOrganizationId(principal) === null || meta?.scope === CALLER_SCOPE) return;
  throw forbidden(
    "token_organization",
    "This token is bound to one organization; it can only call procedures inside that organization",
  );
}

/** A token bound to one organization acts only there; a service token must always name it. */
export function assertMayActInOrganization(principal: Principal, organizationId: string): void {
  const bound = principalOrganizationId(principal);
  if (principal.kind === "service" && bound === null) {
    throw forbidden("token_organization", "A service token must name the organization it acts in (org claim)");
  }
  if (bound !== null && bound !== organizationId) {
    throw forbidden(
      "token_organization",
      "This token is bound to another organization; send that organization's id in x-organization-id",
    );
  }
}
