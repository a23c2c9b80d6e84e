import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Express, type Request, type Response } from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { authenticateRequest, type Authenticators } from "../auth/authenticate";
import { describePrincipal } from "../auth/principal";
import type { RequestContext, ServiceResources } from "../context";
import { parseByteSize } from "./body-limit";
import { checkReadiness } from "./readiness";
import { resolveRequestId } from "./request-id";
import { createServiceMetrics } from "./service-metrics";

export interface ServiceServerOptions extends ServiceResources {
  name: string;
  router: AnyTRPCRouter;
  authenticators: Authenticators;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /** Extra plain HTTP routes (e.g. the auth service's JWKS), mounted before tRPC. */
  configureRoutes?: (app: Express, createContext: RequestContextFactory) => void;
}

/**
 * Builds the context a tRPC procedure would get for this request (request id, authenticated
 * principal, requested organization), so plain routes authorize exactly as procedures do.
 * Throws a TRPCError for a bad token or header.
 */
export type RequestContextFactory = (req: Request, res: Response) => Promise<RequestContext>;

export interface ServiceServer {
  app: Express;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes sockets. */
  close(): Promise<void>;
}

const organizationHeader = z.string().uuid("x-organization-id must be a UUID");

/** Builds the express app every service runs: tRPC at /trpc, health, readiness, metrics, logs. */
export function createServiceServer(options: ServiceServerOptions): ServiceServer {
  const metrics = createServiceMetrics(options.name);
  const procedures = new Set(Object.keys(options.router._def.procedures as Record<string, unknown>));
  let shuttingDown = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback, linklocal, uniquelocal");

  app.use((req, res, next) => {
    const requestId = resolveRequestId(req.headers["x-request-id"]);
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    inFlight += 1;
    res.on("close", () => {
      inFlight -= 1;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const procedure = procedureLabel(req, procedures);
      if (procedure) metrics.observeRequest({ procedure, status: res.statusCode }, seconds);
      options.logger.info(
        {
          requestId,
          method: req.method,
          route: procedure ?? req.path,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000 * 10) / 10,
          principal: (res.locals.principal as string | undefined) ?? "anonymous",
        },
        "request",
      );
      if (shuttingDown && inFlight === 0) drained?.();
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", service: options.name });
  });

  app.get("/readyz", async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ ready: false, reason: "shutting down" });
      return;
    }
    const report = await checkReadiness(options);
    res.status(report.ready ? 200 : 503).json(report);
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const createRequestContext: RequestContextFactory = async (req, res) => {
    const requestId = res.locals.requestId as string;
    const principal = await authenticateRequest(req.headers.authorization, options.authenticators);
    res.locals.principal = describePrincipal(principal);
    return {
      db: options.db,
      redis: options.redis,
      logger: options.logger.child({ requestId }),
      requestId,
      principal,
      requestedOrganizationId: parseOrganizationHeader(req.headers["x-organization-id"]),
      ip: req.ip ?? null,
      userAgent: req.headers["user-agent"] ?? null,
    };
  };

  options.configureRoutes?.(app, createRequestContext);

  app.use(
    "/trpc",
    createExpressMiddleware({
      router: options.router,
      maxBodySize: parseByteSize(options.bodyLimit),
      createContext: ({ req, res }) => createRequestContext(req, res),
      onError: ({ error, path, ctx }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          options.logger.error(
            { err: error.cause ?? error, path, requestId: ctx?.requestId },
            "procedure failed",
          );
        }
      },
    }),
  );

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: "Not found" });
  });

  const server: Server = createServer(app);
  server.keepAliveTimeout = 65_000;

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
      if (inFlight > 0) {
        const allDone = new Promise<void>((resolve) => {
          drained = resolve;
        });
        const timedOut = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownTimeoutMs).unref());
        await Promise.race([allDone, timedOut]);
      }
      server.closeAllConnections();
      if (server.listening) await closed;
    },
  };
}

function parseOrganizationHeader(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === "") return null;
  const parsed = organizationHeader.safeParse(value);
  if (!parsed.success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "x-organization-id must be a UUID" });
  }
  return parsed.data;
}

/** The procedure(s) a /trpc request names, limited to known ones so labels stay bounded. */
function procedureLabel(req: Request, procedures: Set<string>): string | null {
  const pathname = new URL(req.originalUrl, "http://service.local").pathname;
  if (!pathname.startsWith("/trpc/")) return null;
  const path = decodeURIComponent(pathname.slice("/trpc/".length));
  const names = path.split(",").map((name) => (procedures.has(name) ? name : "unknown"));
  return names.join(",");
}
