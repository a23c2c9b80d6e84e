import { z } from "zod";

export const LOCAL_DATABASE_URL = "postgres://cauldron_app@127.0.0.1:54329/cauldron";
export const LOCAL_DATABASE_OWNER_URL = "postgres://cauldron_owner@127.0.0.1:54329/cauldron";
export const LOCAL_DATABASE_ADMIN_URL = "postgres://postgres@127.0.0.1:54329/postgres";
export const LOCAL_REDIS_URL = "redis://127.0.0.1:63799";

const postgresUrl = z
  .string()
  .url("must be a URL such as postgres://user@host:5432/db")
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgres:// or postgresql://");

const redisUrl = z
  .string()
  .url("must be a URL such as redis://host:6379")
  .refine((value) => /^rediss?:\/\//.test(value), "must start with redis:// or rediss://");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Environment variables every service and tool shares; defaults point at the local stack. */
export const platformEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: postgresUrl.default(LOCAL_DATABASE_URL),
  DATABASE_POOL_MAX: positiveInt(10),
  REDIS_URL: redisUrl.default(LOCAL_REDIS_URL),
  HOST: z.string().min(1).default("0.0.0.0"),
  REQUEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must be a size such as 1mb or 512kb")
    .default("1mb"),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  JWT_ISSUER: z.string().min(1).default("cauldron-auth"),
  JWT_AUDIENCE: z.string().min(1).default("cauldron"),
  AUTH_JWKS_URL: z.string().url().default("http://127.0.0.1:4101/.well-known/jwks.json"),
  SERVICE_TOKEN_SECRET: z
    .string()
    .min(32, "must be at least 32 characters")
    .optional()
    .describe("shared secret for service-to-service tokens; required in production"),
});

export type PlatformEnv = z.output<typeof platformEnvSchema>;

/** Tools that change the schema connect as the owner (migrations) or an admin (databases, extensions). */
export const toolingEnvSchema = z.object({
  DATABASE_OWNER_URL: postgresUrl.default(LOCAL_DATABASE_OWNER_URL),
  DATABASE_ADMIN_URL: postgresUrl.default(LOCAL_DATABASE_ADMIN_URL),
  REDIS_URL: redisUrl.default(LOCAL_REDIS_URL),
});

export type ToolingEnv = z.output<typeof toolingEnvSchema>;
