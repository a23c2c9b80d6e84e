import { platformEnvSchema, type PlatformEnv } from "@cauldron/config";

/** What one request may cost a service; every service reads these from the platform environment. */
export interface RequestLimits {
  /** Hops whose X-Forwarded-For is believed: loopback, linklocal, uniquelocal, addresses, CIDR ranges. */
  trustedProxies: string[];
  /** How long a client may take to send a whole request (headers and body) before it gets 408. */
  requestTimeoutMs: number;
  /** How long a client may take to send the request line and headers. */
  headersTimeoutMs: number;
  /** The most calls one batched tRPC request may carry; larger batches are refused before any call runs. */
  maxBatchSize: number;
}

/** Reads the request limits from a validated platform environment. */
export function requestLimitsFrom(env: PlatformEnv): RequestLimits {
  return {
    trustedProxies: env.TRUSTED_PROXIES,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    maxBatchSize: env.RPC_MAX_BATCH_SIZE,
  };
}

/** The limits of an environment that sets none of the variables. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = requestLimitsFrom(platformEnvSchema.parse({}));
