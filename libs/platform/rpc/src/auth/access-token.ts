import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Principal } from "./principal";
import { createRemoteKeySet } from "./remote-key-set";

/** Algorithms the auth service signs access tokens with (docs/architecture.md, "Auth model": EdDSA or ES256). */
export const ACCESS_TOKEN_ALGORITHMS = ["EdDSA", "ES256"];

const accessClaimsSchema = z.object({
  sub: z.string().uuid(),
  sid: z.string().uuid(),
  aal: z.enum(["aal1", "aal2"]).default("aal1"),
});

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Where the auth service publishes its keys; fetched lazily, cached, reloaded once for an unknown kid. */
  jwksUrl?: string;
  /** A key set held in memory, for the auth service itself and for tests. */
  jwks?: JSONWebKeySet;
}

export type AccessTokenVerifier = (token: string) => Promise<Extract<Principal, { kind: "user" }>>;

/** Builds a verifier of access JWTs: signature by a published key, issuer, audience, expiry, claims. */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const keys = resolveKeySet(options);
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      requiredClaims: ["exp", "sub", "sid"],
    });
    const claims = accessClaimsSchema.parse(payload);
    return { kind: "user", userId: claims.sub, sessionId: claims.sid, aal: claims.aal };
  };
}

function resolveKeySet(options: AccessTokenVerifierOptions): JWTVerifyGetKey {
  if (options.jwks) return createLocalJWKSet(options.jwks);
  if (options.jwksUrl) {
    return createRemoteKeySet({ url: new URL(options.jwksUrl) });
  }
  throw new Error("An access token verifier needs either jwks or jwksUrl");
}
