import { loadConfig } from "@cauldron/config";
import { z } from "zod";
import type { ServiceResources } from "../context";
import type { AccessTokenVerifier } from "./access-token";
import { createApiTokenVerifier } from "./api-token-verifier";
import type { Authenticators } from "./authenticate";
import { createServiceTokenVerifier } from "./service-token";
import { createRevocationList, withRevocationCheck, type RevocationList } from "./session-revocation";
import { createSupabaseTokenVerifier } from "./supabase-token-verifier";

/** Environment variables for the sign-ins every service accepts besides its own access tokens. */
export const authenticationEnvSchema = z.object({
  SUPABASE_JWT_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (the Supabase project's JWT secret)")
    .optional()
    .describe("when set, Supabase-issued access tokens are accepted and mapped to app users"),
  SUPABASE_JWT_AUDIENCE: z.string().min(1).default("authenticated"),
  SUPABASE_JWT_ISSUER: z.string().url().optional(),
});

export interface PlatformAuthenticatorsOptions {
  /** The service verifying: service tokens are accepted only when addressed to it. */
  serviceName: string;
  resources: ServiceResources;
  /** Verifies the auth service's access JWTs (a JWKS verifier, or the auth service's own key ring). */
  accessToken: AccessTokenVerifier;
  serviceTokenSecret?: string;
  /** Read for SUPABASE_JWT_*; missing means Supabase tokens are not accepted. */
  environment?: Record<string, string | undefined>;
  /** Prefix of the revocation markers in Redis; the auth service must write under the same one. */
  redisKeyPrefix?: string;
  revocations?: RevocationList;
}

/**
 * The authenticators every service runs: access JWTs and Supabase tokens refused once their session
 * is revoked or user disabled, API tokens checked against the database, and service tokens.
 */
export function createPlatformAuthenticators(options: PlatformAuthenticatorsOptions): Authenticators {
  const env = loadConfig(authenticationEnvSchema, options.environment ?? {});
  const { db, redis, logger } = options.resources;
  const revocations =
    options.revocations ?? createRevocationList({ db, redis, logger, keyPrefix: options.redisKeyPrefix });
  return {
    accessToken: withRevocationCheck(options.accessToken, revocations),
    apiToken: createApiTokenVerifier({ db, logger }),
    ...(options.serviceTokenSecret
      ? {
          serviceToken: createServiceTokenVerifier({
            secret: options.serviceTokenSecret,
            audience: options.serviceName,
          }),
        }
      : {}),
    ...(env.SUPABASE_JWT_SECRET
      ? {
          supabaseToken: withRevocationCheck(
            createSupabaseTokenVerifier({
              secret: env.SUPABASE_JWT_SECRET,
              audience: env.SUPABASE_JWT_AUDIENCE,
              issuer: env.SUPABASE_JWT_ISSUER,
              db,
              logger,
            }),
            revocations,
          ),
        }
      : {}),
  };
}
