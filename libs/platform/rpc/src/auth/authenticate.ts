import { TRPCError } from "@trpc/server";
import { mapDatabaseError } from "../errors/database-errors";
import type { AccessTokenVerifier } from "./access-token";
import type { Principal } from "./principal";
import { isServiceTokenIssuer, looksLikeServiceToken, type ServiceTokenVerifier } from "./service-token";

/** API tokens are opaque secrets that start with this prefix, so they never reach the JWT verifiers. */
export const API_TOKEN_PREFIX = "cst_";

export type ApiTokenVerifier = (token: string) => Promise<Extract<Principal, { kind: "api_token" }> | null>;

export interface Authenticators {
  accessToken: AccessTokenVerifier;
  serviceToken?: ServiceTokenVerifier;
  apiToken?: ApiTokenVerifier;
  /** Supabase-issued access tokens (HS256 like service tokens, told apart by their issuer). */
  supabaseToken?: AccessTokenVerifier;
}

/** A request's principal, with the check that its session still stands possibly under way. */
export interface RequestPrincipal {
  principal: Principal | null;
  /**
   * Set while the session's revocation check runs; rejects with the typed refusal when the
   * session was revoked or its user disabled.
   */
  confirmed?: Promise<void>;
}

function ignore(): void {}

/** Resolves an `Authorization` header to a principal; no header means anonymous, a bad token is UNAUTHORIZED. */
export async function authenticateRequest(
  authorization: string | undefined,
  authenticators: Authenticators,
): Promise<Principal | null> {
  const { principal, confirmed } = await authenticateRequestEarly(authorization, authenticators);
  if (confirmed) await confirmed;
  return principal;
}

/**
 * Like authenticateRequest, but answers as soon as the token itself checks out: an access
 * token's revocation check may still be running in `confirmed`, which the caller must await
 * before it acts for the principal or lets anything it read leave.
 */
export async function authenticateRequestEarly(
  authorization: string | undefined,
  authenticators: Authenticators,
): Promise<RequestPrincipal> {
  if (!authorization) return { principal: null };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "The Authorization header must be 'Bearer <token>'",
    });
  }
  const token = match[1];
  if (token.startsWith(API_TOKEN_PREFIX)) {
    return { principal: await verifyApiToken(token, authenticators.apiToken) };
  }
  if (looksLikeServiceToken(token)) {
    const supabase = authenticators.supabaseToken;
    if (supabase && !isServiceTokenIssuer(token)) return verifyEarlyOrReject(supabase, token);
    const principal = await verifyOrReject(() => {
      if (!authenticators.serviceToken) throw new Error("service tokens are not configured");
      return authenticators.serviceToken(token);
    });
    return { principal };
  }
  return verifyEarlyOrReject(authenticators.accessToken, token);
}

async function verifyApiToken(token: string, verifier: ApiTokenVerifier | undefined): Promise<Principal> {
  const principal = verifier ? await verifier(token) : null;
  if (!principal) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "The API token is invalid, expired or revoked" });
  }
  return principal;
}

async function verifyEarlyOrReject(verifier: AccessTokenVerifier, token: string): Promise<RequestPrincipal> {
  const unconfirmed = verifier.unconfirmed;
  if (!unconfirmed) return { principal: await verifyOrReject(() => verifier(token)) };
  const { principal, confirmed } = await verifyOrReject(() => unconfirmed(token));
  const checked = confirmed.catch((cause: unknown) => {
    throw refusalOf(cause);
  });
  // Awaited by whatever acts for the principal; a request refused before that must not leave it unhandled.
  checked.catch(ignore);
  return { principal, confirmed: checked };
}

async function verifyOrReject<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify();
  } catch (cause) {
    throw refusalOf(cause);
  }
}

function refusalOf(cause: unknown): TRPCError {
  // A database that cannot answer (a revocation check) says nothing about the token: a 401
  // would have clients sign their users out during an outage.
  const unavailable = mapDatabaseError(cause);
  if (unavailable?.code === "SERVICE_UNAVAILABLE") return unavailable;
  return new TRPCError({
    code: "UNAUTHORIZED",
    message: "The access token is invalid, expired or revoked",
    cause,
  });
}
