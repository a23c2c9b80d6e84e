import { createLogEmailSender, type EmailSender } from "@cauldron/email";
import { createRevocationList, DEFAULT_REDIS_KEY_PREFIX, type RevocationList, type ServiceDependencies } from "@cauldron/rpc";
import { loadAuthConfig, type AuthConfig } from "./auth-config";
import { createDataCipher, loadDataKey, type DataCipher } from "./keys/data-cipher";
import { createSigningKeyRing, type SigningKeyRing } from "./keys/signing-key-ring";
import { createEnvironmentKeySource, createStoredKeySource } from "./keys/signing-key-sources";
import { createPasswordHasher, type PasswordHasher } from "./passwords/password-hasher";
import { createRateLimiter, type RateLimit, type RateLimiter } from "./security/rate-limiter";

/** What the auth service can be built with; tests pass a capturing email sender and their own Redis prefix. */
export interface AuthServiceOptions {
  email?: EmailSender;
  /** Prefix of every Redis key the service writes (rate limits, revocation markers). */
  redisKeyPrefix?: string;
  /** Where AUTH_*, SUPABASE_* and token lifetimes are read from (process.env by default). */
  environment?: Record<string, string | undefined>;
}

/** Everything the auth procedures share in one process: config, keys, limits, email. */
export interface AuthRuntime {
  config: AuthConfig;
  environment: Record<string, string | undefined>;
  redisKeyPrefix: string;
  keys: SigningKeyRing;
  cipher(): Promise<DataCipher>;
  revocations: RevocationList;
  limiter: RateLimiter;
  limits: AuthLimits;
  passwords: PasswordHasher;
  email: EmailSender;
}

export interface AuthLimits {
  signInPerAccount: RateLimit;
  signInPerIp: RateLimit;
  signUpPerIp: RateLimit;
  mfaPerUser: RateLimit;
  emailsPerAddress: RateLimit;
}

/** Builds the runtime of one service instance; fails with a ConfigError on a bad environment. */
export function createAuthRuntime(dependencies: ServiceDependencies, options: AuthServiceOptions): AuthRuntime {
  const environment = options.environment ?? process.env;
  const config = loadAuthConfig(environment);
  const redisKeyPrefix = options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  let cipher: Promise<DataCipher> | null = null;
  const loadCipher = () => {
    cipher ??= loadDataKey(dependencies.db, config.AUTH_ENCRYPTION_KEY).then(createDataCipher);
    cipher.catch(() => (cipher = null));
    return cipher;
  };
  const source = config.AUTH_SIGNING_KEYS
    ? createEnvironmentKeySource(config.AUTH_SIGNING_KEYS)
    : createStoredKeySource(dependencies.db, loadCipher);
  const window = config.SIGN_IN_FAILURE_WINDOW_SECONDS;
  return {
    config,
    environment,
    redisKeyPrefix,
    keys: createSigningKeyRing({
      source,
      issuer: dependencies.env.JWT_ISSUER,
      audience: dependencies.env.JWT_AUDIENCE,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      activationDelaySeconds: config.SIGNING_KEY_ACTIVATION_DELAY_SECONDS,
    }),
    cipher: loadCipher,
    revocations: createRevocationList({
      db: dependencies.db,
      redis: dependencies.redis,
      logger: dependencies.logger,
      keyPrefix: redisKeyPrefix,
    }),
    limiter: createRateLimiter(dependencies.redis, redisKeyPrefix, dependencies.logger),
    limits: {
      signInPerAccount: { bucket: "sign-in:account", max: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, windowSeconds: window },
      signInPerIp: { bucket: "sign-in:ip", max: config.SIGN_IN_MAX_FAILURES_PER_IP, windowSeconds: window },
      signUpPerIp: { bucket: "sign-up:ip", max: 20, windowSeconds: 3600 },
      mfaPerUser: { bucket: "mfa:user", max: 5, windowSeconds: 300 },
      emailsPerAddress: { bucket: "email:address", max: 5, windowSeconds: 3600 },
    },
    passwords: createPasswordHasher(),
    email: options.email ?? createLogEmailSender(dependencies.logger),
  };
}
