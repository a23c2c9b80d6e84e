import { isIP } from "node:net";
import { z } from "zod";
import { LOCAL_SERVICE_URLS } from "./service-calls";
import type { ServiceName } from "./service-ports";

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

/** The Redis this process is pointed at: its REDIS_URL, else the local stack's. */
export function configuredRedisUrl(env: Record<string, string | undefined> = process.env): string {
  return redisUrl.default(LOCAL_REDIS_URL).parse(env.REDIS_URL || undefined);
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** Milliseconds where 0 switches the limit off. */
const timeoutMs = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

// Whose X-Forwarded-For is believed decides the client address that rate limits and audit rows
// key on, so only named hops count: a forged header from anyone else is ignored.
const trustedProxies = z
  .string()
  .default("loopback")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .superRefine((entries, context) => {
    for (const entry of entries.filter((candidate) => !isProxyAddress(candidate))) {
      context.addIssue({
        code: "custom",
        message: `"${entry}" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range such as 10.0.0.0/8`,
      });
    }
  });

const serviceUrl = (service: ServiceName) =>
  z
    .string()
    .url("must be a base URL such as http://vector:4104")
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
    .default(LOCAL_SERVICE_URLS[service]);

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
  TRUSTED_PROXIES: trustedProxies,
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  RPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  DATABASE_CONNECTION_TIMEOUT_MS: positiveInt(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: timeoutMs(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: timeoutMs(10_000),
  JWT_ISSUER: z.string().min(1).default("cauldron-auth"),
  JWT_AUDIENCE: z.string().min(1).default("cauldron"),
  AUTH_JWKS_URL: z.string().url().default("http://127.0.0.1:4101/.well-known/jwks.json"),
  SERVICE_TOKEN_SECRET: z
    .string()
    .min(32, "must be at least 32 characters")
    .optional()
    .describe("shared secret for service-to-service tokens; required in production"),
  // Where each service reaches its peers (SERVICE_CALLS says which it may call).
  AUTH_SERVICE_URL: serviceUrl("auth"),
  ORG_SERVICE_URL: serviceUrl("org"),
  LORE_SERVICE_URL: serviceUrl("lore"),
  VECTOR_SERVICE_URL: serviceUrl("vector"),
  TELEMETRY_SERVICE_URL: serviceUrl("telemetry"),
  STORAGE_SERVICE_URL: serviceUrl("storage"),
});

export type PlatformEnv = z.output<typeof platformEnvSchema>;

/** The base URL of every service as the environment names them (AUTH_SERVICE_URL, …). */
export function peerUrlsFrom(env: PlatformEnv): Record<ServiceName, string> {
  return {
    auth: env.AUTH_SERVICE_URL,
    org: env.ORG_SERVICE_URL,
    lore: env.LORE_SERVICE_URL,
    vector: env.VECTOR_SERVICE_URL,
    telemetry: env.TELEMETRY_SERVICE_URL,
    storage: env.STORAGE_SERVICE_URL,
  };
}

/** Tools that change the schema connect as the owner (migrations) or an admin (databases, extensions). */
export const toolingEnvSchema = z.object({
  DATABASE_OWNER_URL: postgresUrl.default(LOCAL_DATABASE_OWNER_URL),
  DATABASE_ADMIN_URL: postgresUrl.default(LOCAL_DATABASE_ADMIN_URL),
  REDIS_URL: redisUrl.default(LOCAL_REDIS_URL),
});

export type ToolingEnv = z.output<typeof toolingEnvSchema>;
