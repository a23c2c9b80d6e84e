import {
  TRPCClientError,
  type Operation,
  type OperationLink,
  type OperationResultEnvelope,
  type TRPCLink,
} from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import type { CircuitBreaker } from "./circuit-breaker";

/** How one peer is called: its name for messages, per-call timeout, query retries and breaker. */
export interface PeerLinkOptions {
  callee: string;
  timeoutMs: number;
  /** Extra attempts of a query whose connection failed before any answer; mutations never retry. */
  queryRetries: number;
  breaker: CircuitBreaker;
}

type Envelope = OperationResultEnvelope<unknown, TRPCClientError<AnyTRPCRouter>>;
type NextLink = Parameters<OperationLink<AnyTRPCRouter>>[0]["next"];

/** The reasons a peer call fails before the peer answers; sent as `error.data.reason`. */
export type PeerFailureReason = "peer_unavailable" | "peer_timeout";

/** A failure of the call itself (no answer, too slow, breaker open), shaped like the peer's own errors. */
function peerFailure(
  code: "SERVICE_UNAVAILABLE" | "GATEWAY_TIMEOUT",
  reason: PeerFailureReason,
  message: string,
  extra: { retryAfterSeconds?: number; cause?: Error } = {},
): TRPCClientError<AnyTRPCRouter> {
  const httpStatus = code === "SERVICE_UNAVAILABLE" ? 503 : 504;
  const data = {
    code,
    httpStatus,
    reason,
    ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
  };
  return new TRPCClientError(message, {
    result: { error: { code: code === "SERVICE_UNAVAILABLE" ? -32053 : -32054, message, data } },
    cause: extra.cause,
  });
}

/** No answer at all: refused, reset or dropped before a response (a response carries `data`). */
function isConnectionFailure(error: TRPCClientError<AnyTRPCRouter>): boolean {
  return error.data === undefined || error.data === null;
}

/** The peer answered with a server-side failure, or never answered: what opens the breaker. */
function isPeerFault(error: TRPCClientError<AnyTRPCRouter>): boolean {
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return isConnectionFailure(error) || (status !== undefined && status >= 500);
}

/**
 * Bounds every call to a peer: a timeout per attempt, one more attempt for a query whose
 * connection failed (a query changes nothing, so repeating it is safe; a mutation might have
 * landed, so it is never repeated), and a circuit breaker that refuses calls while the peer keeps
 * failing. Subscriptions pass through untouched.
 */
export function peerResilienceLink(options: PeerLinkOptions): TRPCLink<AnyTRPCRouter> {
  const { callee, timeoutMs, queryRetries, breaker } = options;

  const attempt = (op: Operation, next: NextLink) =>
    new Promise<Envelope>((resolve, reject) => {
      const timer = new AbortController();
      let timedOut = false;
      const clock = setTimeout(() => {
        timedOut = true;
        timer.abort();
      }, timeoutMs);
      const signal = op.signal ? AbortSignal.any([op.signal, timer.signal]) : timer.signal;
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(clock);
      };
      next({ ...op, signal }).subscribe({
        next: (envelope) => {
          if (settled) return;
          finish();
          resolve(envelope);
        },
        error: (error) => {
          if (settled) return;
          finish();
          reject(
            timedOut
              ? peerFailure(
                  "GATEWAY_TIMEOUT",
                  "peer_timeout",
                  `The ${callee} service did not answer within ${timeoutMs} ms`,
                  { cause: error },
                )
              : error,
          );
        },
      });
    });

  return () =>
    ({ op, next }) => {
      if (op.type === "subscription") return next(op);
      return observable<Envelope, TRPCClientError<AnyTRPCRouter>>((observer) => {
        const run = async () => {
          if (!breaker.tryAcquire()) {
            const retryAfterSeconds = Math.max(1, Math.ceil(breaker.retryAfterMs() / 1000));
            throw peerFailure(
              "SERVICE_UNAVAILABLE",
              "peer_unavailable",
              `The ${callee} service is failing and calls to it are paused; retry after ${retryAfterSeconds} seconds`,
              { retryAfterSeconds },
            );
          }
          const attempts = op.type === "query" ? 1 + queryRetries : 1;
          for (let made = 1; ; made += 1) {
            try {
              const envelope = await attempt(op, next);
              breaker.recordSuccess();
              return envelope;
            } catch (failure) {
              const error = TRPCClientError.from<AnyTRPCRouter>(failure as Error);
              const retry = made < attempts && isConnectionFailure(error) && !op.signal?.aborted;
              if (retry) continue;
              if (isPeerFault(error)) breaker.recordFailure();
              else breaker.recordSuccess();
              throw error;
            }
          }
        };
        run().then(
          (envelope) => {
            observer.next(envelope);
            observer.complete();
          },
          (error: unknown) => observer.error(TRPCClientError.from<AnyTRPCRouter>(error as Error)),
        );
        return () => undefined;
      });
    };
}
