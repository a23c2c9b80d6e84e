/** Who is calling: a signed-in user, an API token acting for a user, or another service. */
export type Principal =
  | {
      kind: "user";
      userId: string;
      sessionId: string;
      aal: AuthenticatorAssuranceLevel;
    }
  | {
      kind: "api_token";
      userId: string;
      tokenId: string;
      /** Permission patterns the token is limited to, e.g. `documents:read` or `documents:*`. */
      scopes: string[];
      /** The one organization the token may act in, or null for every organization of its owner. */
      organizationId: string | null;
      /** The assurance of the session the token was created from. */
      aal: AuthenticatorAssuranceLevel;
    }
  | {
      kind: "service";
      /** The calling service. */
      service: string;
      /** Permission patterns the caller declared it needs; it holds nothing else. */
      grants: string[];
      /** The organization the call is for; organization procedures run only there. */
      organizationId: string | null;
      /** The user the call acts for: queries run as them, confined by their own permissions. */
      actingUserId: string | null;
      /** The assurance of the request the call acts for. */
      aal: AuthenticatorAssuranceLevel;
    };

export type AuthenticatorAssuranceLevel = "aal1" | "aal2";

/** The user a principal acts for, if any. */
export function principalUserId(principal: Principal): string | null {
  return principal.kind === "service" ? principal.actingUserId : principal.userId;
}

/** The organization a principal is confined to, or null when it may act wherever its user may. */
export function principalOrganizationId(principal: Principal): string | null {
  return principal.kind === "user" ? null : principal.organizationId;
}

/**
 * What a token may do at most (an API token's scopes, a service token's grants), or null for a
 * signed-in session, which holds everything its user holds.
 */
export function principalScopes(principal: Principal): readonly string[] | null {
  switch (principal.kind) {
    case "user":
      return null;
    case "api_token":
      return principal.scopes;
    case "service":
      return principal.grants;
  }
}

/** A short, log-safe description of the principal. */
export function describePrincipal(principal: Principal | null): string {
  if (!principal) return "anonymous";
  switch (principal.kind) {
    case "user":
      return `user:${principal.userId}`;
    case "api_token":
      return `api_token:${principal.tokenId}`;
    case "service":
      return principal.actingUserId
        ? `service:${principal.service} for user:${principal.actingUserId}`
        : `service:${principal.service}`;
  }
}
