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
    }
  | {
      kind: "service";
      service: string;
    };

export type AuthenticatorAssuranceLevel = "aal1" | "aal2";

/** The user a principal acts for, if any. */
export function principalUserId(principal: Principal): string | null {
  return principal.kind === "service" ? null : principal.userId;
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
      return `service:${principal.service}`;
  }
}
