import { SERVICE_CALLS, type ServiceName } from "@cauldron/config";
import { wireTransformer } from "@cauldron/contracts";
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Principal } from "../auth/principal";
import { actingUserOf, createServiceTokenIssuer } from "../auth/service-token";
import { RefusalError } from "../errors/refusal";
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker";
import { peerResilienceLink, type PeerFailureReason } from "./peer-link";

/** How a service calls one peer: as whom, with which grants, and how patiently. */
export interface PeerClientOptions {
  /** The calling service; SERVICE_CALLS must let it call the callee. */
  caller: ServiceName;
  /** The permissions the caller needs from the callee; every token grants these and nothing more. */
  grants: readonly string[];
  /** The shared secret tokens are signed with (SERVICE_TOKEN_SECRET). */
  secret: string;
  /** The callee's base URL (from its *_SERVICE_URL variable). */
  url: string;
  /** Longest wait for one attempt (default 5000 ms). */
  timeoutMs?: number;
  /** Extra attempts of a query whose connection failed (default 1); mutations are never repeated. */
  queryRetries?: number;
  /** When the breaker opens (default after 5 consecutive failures) and for how long (default 10 s). */
  breaker?: Partial<CircuitBreakerOptions>;
  /** Who may call whom; SERVICE_CALLS unless a test names its own. */
  directions?: Readonly<Record<ServiceName, readonly ServiceName[]>>;
}

/** The request a peer call acts for: its caller's principal, organization and request id. */
export interface PeerRequest {
  principal: Principal | null;
  organizationId?: string | null;
  requestId?: string;
}

/** A peer as one service sees it: typed clients acting for a request, and the breaker they share. */
export interface PeerClient<TRouter extends AnyTRPCRouter> {
  /** A typed client whose calls act for the request's organization and user. */
  for(request: PeerRequest): TRPCClient<TRouter>;
  breaker: CircuitBreaker;
}

const PEER_FAILURES = new Set<string>(["peer_unavailable", "peer_timeout"] satisfies PeerFailureReason[]);

// A failed call to a peer surfaces from the caller as the same typed refusal (reason and wait in
// the data), not as the caller's own internal error; the peer's own answers pass through as they are.
function asCallerError(error: unknown): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const data = error.data as { code?: string; reason?: string; retryAfterSeconds?: number } | undefined;
  if (!data?.reason || !PEER_FAILURES.has(data.reason)) return error;
  return new RefusalError({
    code: data.code === "GATEWAY_TIMEOUT" ? "GATEWAY_TIMEOUT" : "SERVICE_UNAVAILABLE",
    message: error.message,
    reason: data.reason as PeerFailureReason,
    retryAfterSeconds: data.retryAfterSeconds,
  });
}

function rethrowingPeerFailures<T extends object>(node: T): T {
  return new Proxy(node, {
    get: (target, key) => {
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" || (typeof value === "object" && value !== null)
        ? rethrowingPeerFailures(value)
        : value;
    },
    apply: (target, thisArg, args) => {
      const result: unknown = Reflect.apply(target as (...values: unknown[]) => unknown, thisArg, args);
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw asCallerError(error);
          })
        : result;
    },
  });
}

/**
 * A client of one peer service for the service `caller`. Each call carries a fresh service token
 * addressed to the callee, granting only `grants`, naming the organization and the user of the
 * request it acts for (so the callee runs it as that user, under Row-Level Security), and goes
 * through a per-call timeout, query-only retries and a circuit breaker shared by all requests.
 */
export function createPeerClient<TRouter extends AnyTRPCRouter>(
  callee: ServiceName,
  options: PeerClientOptions,
): PeerClient<TRouter> {
  const directions = options.directions ?? SERVICE_CALLS;
  if (!directions[options.caller].includes(callee)) {
    throw new Error(
      `${options.caller} may not call ${callee} synchronously; declare the direction in SERVICE_CALLS or use an event`,
    );
  }
  const issueToken = createServiceTokenIssuer({
    secret: options.secret,
    caller: options.caller,
    grants: { [callee]: options.grants },
  });
  const breaker = createCircuitBreaker({ failureThreshold: 5, cooldownMs: 10_000, ...options.breaker });
  const url = `${options.url.replace(/\/+$/, "")}/trpc`;
  const resilience = peerResilienceLink({
    callee,
    timeoutMs: options.timeoutMs ?? 5_000,
    queryRetries: options.queryRetries ?? 1,
    breaker,
  });

  return {
    breaker,
    for(request) {
      const organizationId = request.organizationId ?? null;
      const headers = async () => ({
        authorization: `Bearer ${await issueToken(callee, { organizationId, actingUser: actingUserOf(request.principal) })}`,
        ...(organizationId ? { "x-organization-id": organizationId } : {}),
        ...(request.requestId ? { "x-request-id": request.requestId } : {}),
      });
      // Links are router-agnostic at run time; typing them once here keeps the generics out of tRPC's options.
      const links = [
        resilience,
        httpLink<AnyTRPCRouter>({ url, transformer: wireTransformer, headers }),
      ] as TRPCLink<TRouter>[];
      const client = createTRPCClient<TRouter>({ links });
      return rethrowingPeerFailures(client);
    },
  };
}
