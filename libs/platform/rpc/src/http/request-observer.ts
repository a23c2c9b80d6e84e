import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { procedureLabels, routeLabel, trpcCallsOf, UNKNOWN_PROCEDURE, UNMATCHED_ROUTE } from "./request-labels";
import { resolveRequestId } from "./request-id";
import type { ServiceMetrics } from "./service-metrics";

export interface RequestObserverOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Every procedure path of the service's router. */
  procedures: ReadonlySet<string>;
  maxBatchSize: number;
}

/** Counts requests in flight, so shutdown can wait for them. */
export interface RequestObserver {
  middleware: RequestHandler;
  inFlight(): number;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
}

const MAX_LOGGED_PATH_LENGTH = 200;

/**
 * Gives each request its id (`x-request-id`) and, when its response closes, one access-log line
 * and its metrics: one observation per tRPC call under the procedure's name, or one under the
 * plain route's pattern.
 */
export function createRequestObserver(options: RequestObserverOptions): RequestObserver {
  const { logger, metrics, procedures, maxBatchSize } = options;
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  const record = (req: Request, res: Response, requestId: string, started: bigint) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.statusCode;
    const calls = trpcCallsOf(req.originalUrl);
    let route: string;
    if (calls === null) {
      route = routeLabel(req);
      metrics.observeRoute({ route, status }, seconds);
    } else {
      const labels = procedureLabels(calls, procedures, maxBatchSize);
      for (const procedure of labels) metrics.observeProcedure({ procedure, status }, seconds);
      route = labels.join(",");
    }
    const named = route !== UNMATCHED_ROUTE && !route.includes(UNKNOWN_PROCEDURE);
    logger.info(
      {
        requestId,
        method: req.method,
        route,
        ...(named ? {} : { path: req.path.slice(0, MAX_LOGGED_PATH_LENGTH) }),
        status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        principal: (res.locals.principal as string | undefined) ?? "anonymous",
      },
      "request",
    );
  };

  const middleware: RequestHandler = (req, res, next) => {
    const requestId = resolveRequestId(req.headers["x-request-id"]);
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    inFlight += 1;
    res.on("close", () => {
      inFlight -= 1;
      // This listener runs outside every handler: anything it threw would end the process.
      try {
        record(req, res, requestId, started);
      } catch (error) {
        logger.error({ err: error, requestId }, "recording a request failed");
      }
      if (inFlight === 0) {
        for (const resolve of waiters) resolve();
        waiters = [];
      }
    });
    next();
  };

  return {
    middleware,
    inFlight: () => inFlight,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
