import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Express, type RequestHandler } from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Authenticators } from "../auth/authenticate";
import type { ServiceResources } from "../context";
import { parseByteSize } from "./body-limit";
import { answerClientError, lastResortErrorHandler, respondWithHttpError } from "./error-response";
import { refuseDeeplyNestedJson } from "./json-input-guard";
import { checkReadiness } from "./readiness";
import { createRequestContextFactory, type RequestContextFactory } from "./request-context";
import { trpcCallsOf } from "./request-labels";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "./request-limits";
import { createRequestObserver } from "./request-observer";
import { createServiceMetrics } from "./service-metrics";

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
}

export interface ServiceServer {
  app: Express;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes sockets. */
  close(): Promise<void>;
}

/** Builds the express app every service runs: tRPC at /trpc, health, readiness, metrics, logs. */
export function createServiceServer(options: ServiceServerOptions): ServiceServer {
  const { logger } = options;
  const limits = options.limits ?? DEFAULT_REQUEST_LIMITS;
  const metrics = createServiceMetrics(options.name);
  const procedures = new Set(Object.keys(options.router._def.procedures as Record<string, unknown>));
  const observer = createRequestObserver({ logger, metrics, procedures, maxBatchSize: limits.maxBatchSize });
  const createRequestContext = createRequestContextFactory(options, options.authenticators);
  let shuttingDown = false;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", limits.trustedProxies);
  app.use(observer.middleware);

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", service: options.name });
  });

  app.get("/readyz", async (_req, res) => {
    const requestId = res.locals.requestId as string;
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

  app.use("/trpc", refuseOversizedBatches(limits.maxBatchSize, options));
  // Read JSON bodies here (tRPC takes a string req.body as is), so their nesting is checked before parsing.
  app.use("/trpc", express.text({ type: "application/json", limit: parseByteSize(options.bodyLimit), inflate: false }));
  app.use("/trpc", refuseDeeplyNestedJson(logger));
  app.use(
    "/trpc",
    createExpressMiddleware({
      router: options.router,
      maxBodySize: parseByteSize(options.bodyLimit),
      maxBatchSize: limits.maxBatchSize,
      createContext: ({ req, res }) => createRequestContext(req, res),
      onError: ({ error, path, ctx }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, requestId: ctx?.requestId }, "procedure failed");
        }
      },
    }),
  );

  app.use((req, res) => {
    respondWithHttpError(req, res, new TRPCError({ code: "NOT_FOUND", message: "Nothing is served at this path" }), logger);
  });
  app.use(lastResortErrorHandler(logger));

  const server: Server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // Node checks both timeouts on this interval (30 s by default, which would double them).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    app,
  );
  server.keepAliveTimeout = 65_000;
  server.on("clientError", answerClientError);

  return {
    app,
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
      if (observer.inFlight() > 0) {
        const timedOut = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownTimeoutMs).unref());
        await Promise.race([observer.idle(), timedOut]);
      }
      server.closeAllConnections();
      if (server.listening) await closed;
    },
  };
}

/**
 * Refuses a tRPC batch with more calls than the cap before tRPC parses it, with a message that
 * says how to fix it (tRPC's own check, kept as a second line, only says the batch is too big).
 */
function refuseOversizedBatches(maxBatchSize: number, resources: ServiceResources): RequestHandler {
  return (req, res, next) => {
    const calls = trpcCallsOf(req.originalUrl)?.length ?? 0;
    if (calls <= maxBatchSize) {
      next();
      return;
    }
    const message = `A batch may carry at most ${maxBatchSize} calls and this one has ${calls}; split it into smaller batches`;
    respondWithHttpError(req, res, new TRPCError({ code: "BAD_REQUEST", message }), resources.logger);
  };
}
