import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";
import { isGranted, isPermissionPattern } from "../permissions/permission-match";
import type { AuthenticatorAssuranceLevel, Principal } from "./principal";

const SERVICE_TOKEN_ISSUER = "cauldron-service";

/** The longest a service token may live; a callee refuses any token issued longer ago than this. */
export const SERVICE_TOKEN_MAX_AGE_SECONDS = 300;

const DEFAULT_TTL_SECONDS = 60;
// Replicas' clocks drift a little; more than this and the token is refused.
const CLOCK_TOLERANCE_SECONDS = 5;
// Platform administration reaches every organization's owners; no service call may carry it.
const PLATFORM_ADMINISTRATION = "users:admin";

// A grant names one resource: `*:*` or `*:read` would hand a service every resource at once.
const grantSchema = z
  .string()
  .refine(isPermissionPattern, "must be a resource:action permission pattern")
  .refine((grant) => !grant.startsWith("*:"), "a service token grants named resources only, never `*:`")
  .refine((grant) => grant !== PLATFORM_ADMINISTRATION, "a service token never grants platform administration");

const serviceClaimsSchema = z.object({
  sub: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  scope: z.array(grantSchema).min(1).max(50),
  org: z.string().uuid().optional(),
  act_user: z.string().uuid().optional(),
  aal: z.enum(["aal1", "aal2"]).optional(),
  iat: z.number(),
  exp: z.number(),
});

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The user a service call acts for, with the assurance of the request that asked for it. */
export interface ActingUser {
  userId: string;
  aal: AuthenticatorAssuranceLevel;
}

/** What a service token says: who calls whom, for which organization and user, allowed to do what. */
export interface ServiceTokenOptions {
  /** The shared internal secret (SERVICE_TOKEN_SECRET). */
  secret: string;
  /** The calling service (`sub`). */
  caller: string;
  /** The service the token is for (`aud`); no other service accepts it. */
  audience: string;
  /** The permissions the caller needs for this call (`scope`): named resources, never `*:…` or users:admin. */
  scope: readonly string[];
  /** The organization the call is for (`org`); organization procedures run only there. */
  organizationId?: string | null;
  /** The user the call acts for (`act_user`, `aal`): the callee runs queries as them. */
  actingUser?: ActingUser | null;
  /** Lifetime, at most SERVICE_TOKEN_MAX_AGE_SECONDS (default 60). */
  ttlSeconds?: number;
}

/** Signs a short-lived token one service presents to another. */
export async function signServiceToken(options: ServiceTokenOptions): Promise<string> {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > SERVICE_TOKEN_MAX_AGE_SECONDS) {
    throw new Error(`a service token lives between 1 and ${SERVICE_TOKEN_MAX_AGE_SECONDS} seconds`);
  }
  const scope = z
    .array(grantSchema)
    .min(1)
    .parse([...new Set(options.scope)]);
  const actingUser = options.actingUser ?? null;
  return new SignJWT({
    scope,
    ...(options.organizationId ? { org: options.organizationId } : {}),
    ...(actingUser ? { act_user: actingUser.userId, aal: actingUser.aal } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.caller)
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secretKey(options.secret));
}

/** What a service declares it needs from each service it calls (by callee name): its tokens grant no more. */
export type ServiceCallGrants = Readonly<Record<string, readonly string[]>>;

/** A call one service makes to another: its organization and user, and optionally less than the declared grants. */
export interface ServiceCall {
  organizationId?: string | null;
  actingUser?: ActingUser | null;
  scope?: readonly string[];
}

/**
 * Issues the tokens a service presents to the services it calls, each addressed to one callee and
 * granting at most what the caller declared for that callee; asking for more throws.
 */
export function createServiceTokenIssuer(options: { secret: string; caller: string; grants: ServiceCallGrants }) {
  return async (audience: string, call: ServiceCall = {}): Promise<string> => {
    const declared = options.grants[audience];
    if (!declared) throw new Error(`${options.caller} declares no calls to ${audience}`);
    const scope = call.scope ?? declared;
    const undeclared = scope.filter((permission) => !isGranted(declared, permission));
    if (undeclared.length > 0) {
      throw new Error(`${options.caller} declared no need of ${undeclared.join(", ")} from ${audience}`);
    }
    return signServiceToken({
      secret: options.secret,
      caller: options.caller,
      audience,
      scope,
      organizationId: call.organizationId ?? null,
      actingUser: call.actingUser ?? null,
    });
  };
}

/** The user a request acts for, to carry into the service calls it makes (null for none). */
export function actingUserOf(principal: Principal | null): ActingUser | null {
  if (!principal) return null;
  if (principal.kind === "service") {
    return principal.actingUserId ? { userId: principal.actingUserId, aal: principal.aal } : null;
  }
  return { userId: principal.userId, aal: principal.aal };
}

export type ServiceTokenVerifier = (token: string) => Promise<Extract<Principal, { kind: "service" }>>;

export interface ServiceTokenVerifierOptions {
  secret: string;
  /** The name of the service verifying: only tokens addressed to it are accepted. */
  audience: string;
  /** Oldest accepted token and longest accepted lifetime (default SERVICE_TOKEN_MAX_AGE_SECONDS). */
  maxAgeSeconds?: number;
}

/**
 * Verifies a service token signed with the shared internal secret: addressed to this service,
 * issued at most `maxAgeSeconds` ago with no longer a lifetime, granting named permissions only.
 */
export function createServiceTokenVerifier(options: ServiceTokenVerifierOptions): ServiceTokenVerifier {
  const key = secretKey(options.secret);
  const maxAge = options.maxAgeSeconds ?? SERVICE_TOKEN_MAX_AGE_SECONDS;
  return async (token) => {
    const { payload } = await jwtVerify(token, key, {
      issuer: SERVICE_TOKEN_ISSUER,
      audience: options.audience,
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat", "sub", "scope"],
      maxTokenAge: maxAge,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const claims = serviceClaimsSchema.parse(payload);
    if (claims.exp - claims.iat > maxAge) {
      throw new Error(`a service token may live at most ${maxAge} seconds`);
    }
    return {
      kind: "service",
      service: claims.sub,
      grants: claims.scope,
      organizationId: claims.org ?? null,
      actingUserId: claims.act_user ?? null,
      aal: claims.act_user ? (claims.aal ?? "aal1") : "aal1",
    };
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
