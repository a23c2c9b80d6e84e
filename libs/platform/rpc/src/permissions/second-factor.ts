import type { Principal } from "../auth/principal";
import { forbidden, type RefusalError } from "../errors/refusal";
import type { OrganizationAccess } from "./organization-access";

/** True when acting with this access needs a session verified with a second factor (aal2). */
export function needsSecondFactor(access: Pick<OrganizationAccess, "mfaEnrolled" | "mfaRequired">): boolean {
  return access.mfaEnrolled || access.mfaRequired;
}

/**
 * The refusal owed to a caller below aal2 when the user has enrolled a second factor or the system
 * or organization requires one, or null when the caller may act. API tokens carry the assurance of
 * the session that created them, service tokens that of the request they act for.
 */
export function secondFactorRefusal(
  principal: Principal,
  access: Pick<OrganizationAccess, "mfaEnrolled" | "mfaRequired">,
): RefusalError | null {
  if (!needsSecondFactor(access) || principal.aal === "aal2") return null;
  if (principal.kind === "api_token") {
    return forbidden(
      "mfa_required",
      "This organization's data needs a second factor, and this API token was created without one; " +
        "create a new token from a session verified with auth.mfa.verify",
    );
  }
  const how = access.mfaEnrolled
    ? "verify your second factor with auth.mfa.verify"
    : "enrol a second factor with auth.mfa.enroll and verify it with auth.mfa.verify";
  return forbidden("mfa_required", `This organization's data needs a session verified with a second factor: ${how}`);
}

/** Throws the second-factor refusal of secondFactorRefusal, if any. */
export function assertSecondFactor(
  principal: Principal,
  access: Pick<OrganizationAccess, "mfaEnrolled" | "mfaRequired">,
): void {
  const refusal = secondFactorRefusal(principal, access);
  if (refusal) throw refusal;
}
