import {
  createConfiguredEmailSender,
  loadEmailConfig,
  type EmailDeliveryOptions,
  type EmailSender,
} from "@cauldron/email";
import {
  createRateLimiter,
  createRevocationList,
  type RateLimit,
  type RateLimiter,
  type RevocationList,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { loadAuthConfig, type AuthConfig } from "./auth-config";
import { createDataCipher, loadDataKey, type DataCipher } from "./keys/data-cipher";
import { createSigningKeyRing, type SigningKeyRing } from "./keys/signing-key-ring";
import { createEnvironmentKeySource, createStoredKeySource } from "./keys/signing-key-sources";
import { createPasswordHasher, type PasswordHasher } from "./passwords/password-hasher";
import { createKnownClients, type KnownClients } from "./security/known-clients";
import { createSuccessorKeyLoader } from "./tokens/refresh-successor";

/** What the auth service can be built with; tests pass a capturing email sender and their own Redis prefix. */
export interface AuthServiceOptions {
  /** Delivers account emails; by default SMTP when SMTP_URL is set, else a log line. */
  email?: EmailSender;
  /** How failed email deliveries are retried (tests shorten the backoff). */
  emailDelivery?: EmailDeliveryOptions;
  /** Prefix of every Redis key the service writes (rate limits, revocation markers); the platform's by default. */
  redisKeyPrefix?: string;
  /** Where AUTH_*, SUPABASE_* and token lifetimes are read from (process.env by default). */
  environment?: Record<string, string | undefined>;
  /** Hashes and checks passwords; argon2id by default (tests may count the hashes it makes). */
  passwords?: PasswordHasher;
}

// A client the owner signed in from stays trusted past the account's limit for this long after.
const KNOWN_CLIENT_TTL_SECONDS = 90 * 24 * 3600;
const KNOWN_CLIENTS_PER_ACCOUNT = 20;

/** Everything the auth procedures share in one process: config, keys, limits, email. */
export interface AuthRuntime {
  config: AuthConfig;
  environment: Record<string, string | undefined>;
  redisKeyPrefix: string;
  keys: SigningKeyRing;
  cipher(): Promise<DataCipher>;
  /** The key refresh-token successors are derived with. */
  successorKey(): Promise<Buffer>;
  revocations: RevocationList;
  limiter: RateLimiter;
  limits: AuthLimits;
  /** Clients each account signed in from, let through past the account's limit across clients. */
  knownClients: KnownClients;
  passwords: PasswordHasher;
  email: EmailSender;
}

/**
 * Every limit is counted before the work it guards, and every per-client limit is keyed by
 * `clientKey` (an IPv4 address or an IPv6 /64). Sign-in attempts count per account *and client*,
 * so a stranger guessing from one client never locks the owner out at another; per account across
 * clients, so guessing from many addresses is bounded too (past it, only clients the account
 * signed in from before may still try); and per client across accounts.
 */
export interface AuthLimits {
  /** Sign-in attempts at one account from one client; a right password clears it. */
  signInPerAccountClient: RateLimit;
  /** Sign-in attempts at one account from every client together; a right password gives its attempt back. */
  signInPerAccount: RateLimit;
  /** Sign-in attempts from one client, across accounts; a right password gives its attempt back. */
  signInPerClient: RateLimit;
  signUpPerClient: RateLimit;
  /** Sign-up emails (confirmations and existing-account notices) to one address; past it none is sent. */
  signUpEmailsPerAddress: RateLimit;
  /** Second-factor attempts of one user (who already proved the password), from any client. */
  mfaPerUser: RateLimit;
  /** Password reset requests from one client (refused with TOO_MANY_REQUESTS). */
  passwordResetsPerClient: RateLimit;
  /** Attempts to set a password with a reset token, from one client; counted before the token is looked up. */
  passwordResetTokensPerClient: RateLimit;
  /**
   * Reset emails to one address; past it a request still answers the same, but sends nothing. Its
   * window never outlasts a reset link, so while it holds, the owner's latest link still works.
   */
  resetEmailsPerAddress: RateLimit;
  /** Confirmation emails a signed-in user may ask for. */
  confirmationEmailsPerUser: RateLimit;
}

/** Builds the runtime of one service instance; fails with a ConfigError on a bad environment. */
export function createAuthRuntime(dependencies: ServiceDependencies, options: AuthServiceOptions): AuthRuntime {
  const environment = options.environment ?? process.env;
  const config = loadAuthConfig(environment);
  const emailConfig = loadEmailConfig(environment);
  const redisKeyPrefix = options.redisKeyPrefix ?? dependencies.redisKeyPrefix;
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
    successorKey: createSuccessorKeyLoader(() => loadDataKey(dependencies.db, config.AUTH_ENCRYPTION_KEY)),
    revocations: createRevocationList({
      db: dependencies.db,
      redis: dependencies.redis,
      logger: dependencies.logger,
      keyPrefix: redisKeyPrefix,
    }),
    limiter: createRateLimiter({
      redis: dependencies.redis,
      keyPrefix: `${redisKeyPrefix}auth:`,
      logger: dependencies.logger,
    }),
    limits: {
      signInPerAccountClient: {
        bucket: "sign-in:account-client",
        max: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT,
        windowSeconds: window,
      },
      signInPerAccount: {
        bucket: "sign-in:account",
        max: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        windowSeconds: window,
      },
      signInPerClient: { bucket: "sign-in:client", max: config.SIGN_IN_MAX_FAILURES_PER_CLIENT, windowSeconds: window },
      signUpPerClient: { bucket: "sign-up:client", max: 20, windowSeconds: 3600 },
      signUpEmailsPerAddress: { bucket: "sign-up:address", max: 5, windowSeconds: 3600 },
      mfaPerUser: { bucket: "mfa:user", max: 5, windowSeconds: 300 },
      passwordResetsPerClient: { bucket: "password-reset:client", max: 20, windowSeconds: 3600 },
      passwordResetTokensPerClient: { bucket: "password-reset-token:client", max: 20, windowSeconds: 3600 },
      resetEmailsPerAddress: {
        bucket: "password-reset:address",
        max: 5,
        windowSeconds: Math.min(3600, config.PASSWORD_RESET_TTL_SECONDS),
      },
      confirmationEmailsPerUser: { bucket: "email-confirmation:user", max: 5, windowSeconds: 3600 },
    },
    knownClients: createKnownClients({
      redis: dependencies.redis,
      keyPrefix: `${redisKeyPrefix}auth:`,
      logger: dependencies.logger,
      ttlSeconds: KNOWN_CLIENT_TTL_SECONDS,
      maxPerAccount: KNOWN_CLIENTS_PER_ACCOUNT,
    }),
    passwords: options.passwords ?? createPasswordHasher(),
    email: options.email ?? createConfiguredEmailSender(emailConfig, dependencies.logger),
  };
}
