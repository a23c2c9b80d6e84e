import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import express, { type Express } from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestActivityRecorder, type RequestActivityOptions } from "../activity/request-activity-recorder";
import type { Authenticators } from "../auth/authenticate";
import type { ServiceResources } from "../context";
import { parseByteSize } from "./body-limit";
import type { TrustsProxy } from "./client-address";
import { answerClientError, lastResortErrorHandler, respondWithHttpError } from "./error-response";
import { checkReadiness } from "./readiness";
import { createRequestContextFactory, type RequestContextFactory } from "./request-context";
import { isTrpcTarget } from "./request-labels";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "./request-limits";
import { requestIdOf } from "./request-notes";
import { createRequestObserver } from "./request-observer";
import { createServiceMetrics, type ServiceMetrics } from "./service-metrics";
import { createTrpcEndpoint } from "./trpc-endpoint";

export type { RequestContextFactory } from "./request-context";

export interface ServiceServerOptions extends ServiceResources {
  name: string;
  router: AnyTRPCRouter;
  authenticators: Authenticators;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /** Trusted proxies, timeouts and batch size; the platform defaults when absent. */
  limits?: RequestLimits;
  /** Extra plain HTTP routes (e.g. the auth service's JWKS), mounted before tRPC. */
  configureRoutes?: (app: Express, createContext: RequestContextFactory) => void;
  /** Where signed-in users' requests are reported as activity; not reported when absent. */
  activity?: RequestActivityOptions;
}

export interface ServiceServer {
  app: Express;
  /** The registry /metrics serves; background workers register their metrics on it. */
  metrics: ServiceMetrics;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes sockets. */
  close(): Promise<void>;
}

/**
 * Builds the server every service runs: tRPC at /trpc (served by tRPC's Node handler directly),
 * and an express app for health, readiness, metrics and the service's plain routes; every request
 * gets an id, an access-log line and metrics.
 */
export function createServiceServer(options: ServiceServerOptions): ServiceServer {
  const { logger } = options;
  const limits = options.limits ?? DEFAULT_REQUEST_LIMITS;
  const metrics = createServiceMetrics(options.name);
  const procedures = new Set(Object.keys(options.router._def.procedures as Record<string, unknown>));
  const activity =
    options.activity &&
    createRequestActivityRecorder({ ...options.activity, service: options.name, redis: options.redis, logger });
  const observer = createRequestObserver({ logger, metrics, procedures, maxBatchSize: limits.maxBatchSize, activity });
  let shuttingDown = false;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", limits.trustedProxies);
  // Express compiles the trust list; /trpc requests, which never reach express, judge proxies by the same function.
  const trustsProxy = app.get("trust proxy fn") as TrustsProxy;
  const withActivity = (factory: RequestContextFactory) => (activity ? activity.noteCallers(factory) : factory);
  const createRequestContext = withActivity(createRequestContextFactory(options, options.authenticators, trustsProxy));
  // tRPC's middlewares await a session's revocation check, so a query can overlap it with its own work.
  const createTrpcContext = withActivity(
    createRequestContextFactory(options, options.authenticators, trustsProxy, { confirmLater: true }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", service: options.name });
  });

  app.get("/readyz", async (_req, res) => {
    const requestId = requestIdOf(res);
    if (shuttingDown) {
      res.status(503).json({ ready: false, shuttingDown: true });
      return;
    }
    const report = await checkReadiness(options, (check, error) =>
      logger.warn({ err: error, check, requestId }, "readiness check failed"),
    );
    res.status(report.ready ? 200 : 503).json(report);
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  options.configureRoutes?.(app, createRequestContext);

  app.use((req, res) => {
    respondWithHttpError(
      req,
      res,
      new TRPCError({ code: "NOT_FOUND", message: "Nothing is served at this path" }),
      logger,
    );
  });
  app.use(lastResortErrorHandler(logger));

  const trpc = createTrpcEndpoint({
    router: options.router,
    createContext: createTrpcContext,
    logger,
    bodyLimitBytes: parseByteSize(options.bodyLimit),
    maxBatchSize: limits.maxBatchSize,
  });

  const server: Server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // Node checks both timeouts on this interval (30 s by default, which would double them).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    (req, res) => {
      observer.observe(req, res);
      if (isTrpcTarget(req.url ?? "/")) trpc(req, res);
      else app(req, res);
    },
  );
  server.keepAliveTimeout = 65_000;
  server.on("clientError", answerClientError);

  return {
    app,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      }),
    close: async () => {
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      observer.cutEventStreams();
      if (observer.inFlight() > 0) {
        const timedOut = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownTimeoutMs).unref());
        await Promise.race([observer.idle(), timedOut]);
      }
      server.closeAllConnections();
      if (server.listening) await closed;
      await activity?.stop();
    },
  };
}
