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

/** Resolves an `Authorization` header to a principal; no header means anonymous, a bad token is UNAUTHORIZED. */
export async function authenticateRequest(
  authorization: string | undefined,
  authenticators: Authenticators,
): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "The Authorization header must be 'Bearer <token>'",
    });
  }
  const token = match[1];
  if (token.startsWith(API_TOKEN_PREFIX)) return verifyApiToken(token, authenticators.apiToken);
  if (looksLikeServiceToken(token)) {
    const supabase = authenticators.supabaseToken;
    if (supabase && !isServiceTokenIssuer(token)) return verifyOrReject(() => supabase(token));
    return verifyOrReject(() => {
      if (!authenticators.serviceToken) throw new Error("service tokens are not configured");
      return authenticators.serviceToken(token);
    });
  }
  return verifyOrReject(() => authenticators.accessToken(token));
}

async function verifyApiToken(token: string, verifier: ApiTokenVerifier | undefined): Promise<Principal> {
  const principal = verifier ? await verifier(token) : null;
  if (!principal) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "The API token is invalid, expired or revoked" });
  }
  return principal;
}

async function verifyOrReject(verify: () => Promise<Principal>): Promise<Principal> {
  try {
    return await verify();
  } catch (cause) {
    // A database that cannot answer (a revocation check) says nothing about the token: a 401
    // would have clients sign their users out during an outage.
    const unavailable = mapDatabaseError(cause);
    if (unavailable?.code === "SERVICE_UNAVAILABLE") throw unavailable;
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "The access token is invalid, expired or revoked",
      cause,
    });
  }
}
