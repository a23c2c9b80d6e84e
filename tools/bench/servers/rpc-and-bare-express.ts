import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import {
  createAccessTokenVerifier,
  createInfoProcedure,
  createRedisConnection,
  createServiceServer,
  router,
} from "@cauldron/rpc";
import { initTRPC } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import express from "express";
import superjson from "superjson";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino, type Logger } from "pino";

// Runs in its own process so the load generator does not share the event loop with the servers.
const env = loadConfig(platformEnvSchema, { ...process.env, LOG_LEVEL: "silent" });
const db = createDatabase({ url: env.DATABASE_URL, poolMax: 4, applicationName: "cauldron-bench" });
// The services' own Redis connection, as runService makes it.
const redis = createRedisConnection(env.REDIS_URL);
const startedAt = new Date();
const info = createInfoProcedure("auth", startedAt);
const infoAnswer = () => ({
  name: "auth",
  version: "0.1.0",
  uptimeSeconds: (Date.now() - startedAt.getTime()) / 1000,
  startedAt,
});

// As a service logs: at info, one line per request, to a file through an asynchronous destination.
const logFile = join(mkdtempSync(join(tmpdir(), "cauldron-bench-")), "requests.log");
const logging = pino({ level: "info" }, pino.destination({ dest: logFile, sync: false, mkdir: true }));

const startKit = (logger: Logger) =>
  createServiceServer({
    name: "auth",
    db,
    redis,
    logger,
    router: router({ auth: router({ info }) }),
    authenticators: {
      accessToken: createAccessTokenVerifier({ issuer: "bench", audience: "bench", jwks: { keys: [] } }),
    },
    bodyLimit: "1mb",
    shutdownTimeoutMs: 1_000,
  });
const kit = startKit(logging);
const silencedKit = startKit(pino({ level: "silent" }));
const kitAddress = await kit.listen(0, "127.0.0.1");
const silencedKitAddress = await silencedKit.listen(0, "127.0.0.1");

// Stock tRPC with the same transformer and procedure, without the kit's auth, logging, metrics and error mapping.
const t = initTRPC.create({ transformer: superjson });
const stockRouter = t.router({ auth: t.router({ info: t.procedure.query(infoAnswer) }) });

const bare = express();
bare.get("/info", (_req, res) => {
  res.json(infoAnswer());
});
bare.use("/trpc", createExpressMiddleware({ router: stockRouter }));
const bareServer = bare.listen(0, "127.0.0.1");
await new Promise((resolve) => bareServer.once("listening", resolve));

const standalone = createHTTPServer({ router: stockRouter, basePath: "/trpc/" });
standalone.listen(0, "127.0.0.1");
await new Promise((resolve) => standalone.once("listening", resolve));

const portOf = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
process.stdout.write(
  `${JSON.stringify({
    rpcUrl: `${kitAddress.url}/trpc/auth.info`,
    silencedRpcUrl: `${silencedKitAddress.url}/trpc/auth.info`,
    bareUrl: `http://127.0.0.1:${portOf(bareServer)}/info`,
    bareTrpcUrl: `http://127.0.0.1:${portOf(bareServer)}/trpc/auth.info`,
    standaloneUrl: `http://127.0.0.1:${portOf(standalone)}/trpc/auth.info`,
  })}\n`,
);

process.on("SIGTERM", async () => {
  bareServer.close();
  standalone.close();
  await Promise.all([kit.close(), silencedKit.close()]);
  logging.flush();
  await Promise.allSettled([db.destroy(), redis.quit()]);
  process.exit(0);
});
