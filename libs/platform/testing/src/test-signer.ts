import { randomUUID } from "node:crypto";
import { signServiceToken, type ServiceTokenOptions } from "@cauldron/rpc";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";

export const TEST_ISSUER = "cauldron-auth";
export const TEST_AUDIENCE = "cauldron";
/** The shared service-token secret of every service a test boots. */
export const TEST_SERVICE_TOKEN_SECRET = "test-service-token-secret-0123456789abcdef";

export interface AccessTokenClaims {
  userId: string;
  sessionId?: string;
  aal?: "aal1" | "aal2";
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** Signs access tokens the way the auth service does, with a key pair made for one test file. */
export interface TestSigner {
  jwks: JSONWebKeySet;
  issueAccessToken(claims: AccessTokenClaims): Promise<string>;
}

/** Creates an Ed25519 key pair and a JWKS holding its public half. */
export async function createTestSigner(): Promise<TestSigner> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return {
    jwks: { keys: [publicJwk] },
    issueAccessToken: (claims) =>
      new SignJWT({ sid: claims.sessionId ?? randomUUID(), aal: claims.aal ?? "aal1" })
        .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
        .setSubject(claims.userId)
        .setIssuer(claims.issuer ?? TEST_ISSUER)
        .setAudience(claims.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expiresInSeconds ?? 300))
        .sign(privateKey),
  };
}

/** Signs a service token the way a calling service does, with the test services' shared secret. */
export function issueServiceToken(options: Omit<ServiceTokenOptions, "secret">): Promise<string> {
  return signServiceToken({ ...options, secret: TEST_SERVICE_TOKEN_SECRET });
}
