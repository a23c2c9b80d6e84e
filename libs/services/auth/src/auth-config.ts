import { loadConfig } from "@cauldron/config";
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "@cauldron/rpc";
import { z } from "zod";

const seconds = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The auth service's own environment, beside the platform's; defaults suit the local stack. */
export const authEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Where emailed links point (the web app that shows the reset and confirmation pages). */
    AUTH_APP_URL: z.string().url().default("http://127.0.0.1:4101"),
    ACCESS_TOKEN_TTL_SECONDS: seconds(900, 30, MAX_ACCESS_TOKEN_TTL_SECONDS),
    REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600, 300, 365 * 24 * 3600),
    /** How long a just-rotated refresh token still works, so two tabs refreshing at once stay signed in. */
    REFRESH_REUSE_GRACE_SECONDS: seconds(10, 0, 120),
    /** How long a session lives from sign-in however often it is refreshed; past it, sign in again. */
    SESSION_ABSOLUTE_LIFETIME_SECONDS: seconds(30 * 24 * 3600, 300, 365 * 24 * 3600),
    /** Failed sign-ins at one account from one client; a stranger using them up locks out only themselves. */
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT: z.coerce.number().int().min(1).default(5),
    /**
     * Failed sign-ins at one account from all clients together; past it only clients the account
     * signed in from before may try, so guessing from many addresses is bounded too.
     */
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
    /** Failed sign-ins from one client (an IPv4 address or IPv6 /64) across accounts. */
    SIGN_IN_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(50),
    SIGN_IN_FAILURE_WINDOW_SECONDS: seconds(900, 1, 24 * 3600),
    PASSWORD_RESET_TTL_SECONDS: seconds(3600, 60, 24 * 3600),
    EMAIL_CONFIRMATION_TTL_SECONDS: seconds(3 * 24 * 3600, 60, 30 * 24 * 3600),
    /** JSON array of private JWKs (Ed25519 or P-256, each with kid); the first signs, the rest only verify. */
    AUTH_SIGNING_KEYS: z.string().min(2).optional(),
    /**
     * How long a rotated-in key is published before it signs. Services refetch the key set on an
     * unknown kid at most every 30 s, so anything above that means no verifier meets a key it lacks.
     */
    SIGNING_KEY_ACTIVATION_DELAY_SECONDS: seconds(60, 0, 3600),
    /** 32 random bytes, base64: encrypts TOTP secrets and stored signing keys. */
    AUTH_ENCRYPTION_KEY: z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 random bytes in base64")
      .optional(),
    MFA_ISSUER: z.string().min(1).max(64).default("Cauldron"),
    /**
     * `required`: sign-up answers "check your email" without a session, and the account cannot
     * create API tokens or accept invitations until the address is confirmed. `optional` signs a
     * new account in at once (local development). Unset: required unless NODE_ENV=development.
     */
    AUTH_EMAIL_CONFIRMATION: z.enum(["required", "optional"]).optional(),
    /** The longest an API token may live; a token created without an expiry gets exactly this. */
    API_TOKEN_MAX_LIFETIME_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.AUTH_ENCRYPTION_KEY !== undefined, {
    message: "is required when NODE_ENV=production",
    path: ["AUTH_ENCRYPTION_KEY"],
  });

export type AuthConfig = z.output<typeof authEnvSchema> & {
  /** Whether sign-up waits for the address to be confirmed (AUTH_EMAIL_CONFIRMATION resolved). */
  emailConfirmationRequired: boolean;
};

/** Reads and validates the auth service's environment; throws a ConfigError naming each bad variable. */
export function loadAuthConfig(environment: Record<string, string | undefined>): AuthConfig {
  const env = loadConfig(authEnvSchema, environment);
  const confirmation = env.AUTH_EMAIL_CONFIRMATION ?? (env.NODE_ENV === "development" ? "optional" : "required");
  return { ...env, emailConfirmationRequired: confirmation === "required" };
}
