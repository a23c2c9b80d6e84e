import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { RequestActivityRecorder } from "../activity/request-activity-recorder";
import { noteRequestId, principalOf } from "./request-notes";
import { pathOf, procedureLabels, routeLabel, trpcCallsOf, UNKNOWN_PROCEDURE, UNMATCHED_ROUTE } from "./request-labels";
import { resolveRequestId } from "./request-id";
import type { ServiceMetrics } from "./service-metrics";

export interface RequestObserverOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Every procedure path of the service's router. */
  procedures: ReadonlySet<string>;
  maxBatchSize: number;
  /** Counts each user's requests as activity, when the server reports it. */
  activity?: Pick<RequestActivityRecorder, "count">;
}

/** Counts requests in flight, so shutdown can wait for them. */
export interface RequestObserver {
  /** Gives the request its id and records it when its response closes; call first for every request. */
  observe(req: IncomingMessage, res: ServerResponse): void;
  inFlight(): number;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  /**
   * Cuts every open event stream (SSE), so its clients reconnect, with their last event id, to
   * another replica at once instead of holding this one's shutdown for its whole grace period.
   */
  cutEventStreams(): number;
}

function isEventStream(res: ServerResponse): boolean {
  return String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");
}

const MAX_LOGGED_PATH_LENGTH = 200;

/**
 * Gives each request its id (`x-request-id`) and, when its response closes, one access-log line
 * and its metrics: one observation per tRPC call under the procedure's name, or one under the
 * plain route's pattern.
 */
export function createRequestObserver(options: RequestObserverOptions): RequestObserver {
  const { logger, metrics, procedures, maxBatchSize, activity } = options;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const open = new Set<ServerResponse>();

  const record = (req: IncomingMessage, res: ServerResponse, target: string, requestId: string, started: bigint) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.statusCode;
    const calls = trpcCallsOf(target);
    let route: string;
    if (calls === null) {
      route = routeLabel(req);
      metrics.observeRoute({ route, status }, seconds);
      activity?.count(res, [route]);
    } else {
      const labels = procedureLabels(calls, procedures, maxBatchSize);
      for (const procedure of labels) metrics.observeProcedure({ procedure, status }, seconds);
      activity?.count(res, labels);
      route = labels.length === 1 ? labels[0]! : labels.join(",");
    }
    if (!logger.isLevelEnabled("info")) return;
    const named = route !== UNMATCHED_ROUTE && !route.includes(UNKNOWN_PROCEDURE);
    logger.info(
      {
        requestId,
        method: req.method,
        route,
        ...(named ? {} : { path: pathOf(target).slice(0, MAX_LOGGED_PATH_LENGTH) }),
        status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        principal: principalOf(res),
      },
      "request",
    );
  };

  const observe = (req: IncomingMessage, res: ServerResponse) => {
    // Routers rewrite req.url while they route; the log and the labels read what the client sent.
    const target = req.url ?? "/";
    const requestId = resolveRequestId(req.headers["x-request-id"]);
    const started = process.hrtime.bigint();
    noteRequestId(res, requestId);
    res.setHeader("x-request-id", requestId);
    inFlight += 1;
    open.add(res);
    res.once("close", () => {
      inFlight -= 1;
      open.delete(res);
      // This listener runs outside every handler: anything it threw would end the process.
      try {
        record(req, res, target, requestId, started);
      } catch (error) {
        logger.error({ err: error, requestId }, "recording a request failed");
      }
      if (inFlight === 0) {
        for (const resolve of waiters) resolve();
        waiters = [];
      }
    });
  };

  return {
    observe,
    inFlight: () => inFlight,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    cutEventStreams: () => {
      const streams = [...open].filter(isEventStream);
      for (const res of streams) res.destroy();
      return streams.length;
    },
  };
}
