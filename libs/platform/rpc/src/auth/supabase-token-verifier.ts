import type { Database } from "@cauldron/db";
import { jwtVerify } from "jose";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { z } from "zod";
import type { AccessTokenVerifier } from "./access-token";
import { mirrorSupabaseSession, mirrorSupabaseUser, type SupabaseIdentity } from "./supabase-user-mirror";

export interface SupabaseTokenVerifierOptions {
  /** The project's JWT secret (Supabase signs access tokens with HS256). */
  secret: string;
  /** Supabase puts "authenticated" in aud for signed-in users. */
  audience: string;
  /** e.g. https://<project>.supabase.co/auth/v1; checked when given. */
  issuer?: string;
  db: Kysely<Database>;
  logger?: Logger;
}

const supabaseClaimsSchema = z.object({
  sub: z.guid(),
  // anon and service_role tokens carry no user; only signed-in users map to app users.
  role: z.literal("authenticated"),
  email: z.email("a Supabase user needs an email to map to an app user"),
  phone: z.string().optional(),
  session_id: z.guid().optional(),
  aal: z.enum(["aal1", "aal2", "aal3"]).default("aal1"),
  is_anonymous: z.literal(false).optional(),
  app_metadata: z.record(z.string(), z.unknown()).default({}),
  user_metadata: z.record(z.string(), z.unknown()).default({}),
});

const MAX_CACHED = 10_000;

/**
 * Verifies Supabase-issued access tokens (HS256 with the project secret) and maps their user to an
 * app user through public.user_mappings, mirroring the user and session on first use. The
 * principal's sessionId is the Supabase session id (the auth user id when the token has none).
 */
export function createSupabaseTokenVerifier(options: SupabaseTokenVerifierOptions): AccessTokenVerifier {
  const key = new TextEncoder().encode(options.secret);
  const appUsers = new Map<string, string>();
  const knownSessions = new Set<string>();

  return async (token) => {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      audience: options.audience,
      ...(options.issuer ? { issuer: options.issuer } : {}),
      requiredClaims: ["exp", "sub"],
    });
    const claims = supabaseClaimsSchema.parse(payload);
    const identity: SupabaseIdentity = {
      authUserId: claims.sub,
      email: claims.email,
      phone: claims.phone || null,
      sessionId: claims.session_id ?? null,
      aal: claims.aal === "aal1" ? "aal1" : "aal2",
      provider: typeof claims.app_metadata.provider === "string" ? claims.app_metadata.provider : "email",
      appMetadata: claims.app_metadata,
      userMetadata: claims.user_metadata,
    };
    let userId = appUsers.get(identity.authUserId);
    if (userId === undefined) {
      userId = await mirrorSupabaseUser(options.db, identity);
      if (appUsers.size >= MAX_CACHED) appUsers.clear();
      appUsers.set(identity.authUserId, userId);
    } else if (identity.sessionId && !knownSessions.has(identity.sessionId)) {
      await mirrorSupabaseSession(options.db, identity);
    }
    if (identity.sessionId) {
      if (knownSessions.size >= MAX_CACHED) knownSessions.clear();
      knownSessions.add(identity.sessionId);
    }
    return { kind: "user", userId, sessionId: identity.sessionId ?? identity.authUserId, aal: identity.aal };
  };
}
