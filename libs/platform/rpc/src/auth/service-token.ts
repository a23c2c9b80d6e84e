import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";
import type { Principal } from "./principal";

const SERVICE_TOKEN_ISSUER = "cauldron-service";
const SERVICE_TOKEN_AUDIENCE = "cauldron-internal";

const serviceClaimsSchema = z.object({ sub: z.string().min(1) });

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a short-lived token one service presents to another. */
export async function signServiceToken(
  secret: string,
  service: string,
  ttlSeconds = 300,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(service)
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(SERVICE_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secretKey(secret));
}

export type ServiceTokenVerifier = (token: string) => Promise<Extract<Principal, { kind: "service" }>>;

/** Verifies a service token signed with the shared internal secret. */
export function createServiceTokenVerifier(secret: string): ServiceTokenVerifier {
  const key = secretKey(secret);
  return async (token) => {
    const { payload } = await jwtVerify(token, key, {
      issuer: SERVICE_TOKEN_ISSUER,
      audience: SERVICE_TOKEN_AUDIENCE,
      algorithms: ["HS256"],
      requiredClaims: ["exp", "sub"],
    });
    return { kind: "service", service: serviceClaimsSchema.parse(payload).sub };
  };
}

/** True when a JWT's header says it is a service token, without verifying it. */
export function looksLikeServiceToken(token: string): boolean {
  const header = token.split(".")[0];
  if (!header) return false;
  try {
    const decoded = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    return decoded.alg === "HS256";
  } catch {
    return false;
  }
}

/** True when an (unverified) token names the service-token issuer; verification still decides. */
export function isServiceTokenIssuer(token: string): boolean {
  const payload = token.split(".")[1];
  if (!payload) return false;
  try {
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown };
    return decoded.iss === SERVICE_TOKEN_ISSUER;
  } catch {
    return false;
  }
}
