import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { createAccessTokenVerifier, createInfoProcedure, createServiceServer, router } from "@cauldron/rpc";
import { initTRPC } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express from "express";
import superjson from "superjson";
import { Redis } from "ioredis";
import type { AddressInfo } from "node:net";
import { pino } from "pino";

// Runs in its own process so the load generator does not share the event loop with the servers.
const env = loadConfig(platformEnvSchema, { ...process.env, LOG_LEVEL: "silent" });
const logger = pino({ level: "silent" });
const db = createDatabase({ url: env.DATABASE_URL, poolMax: 4, applicationName: "cauldron-bench" });
const redis = new Redis(env.REDIS_URL);
const startedAt = new Date();
const info = createInfoProcedure("auth", startedAt);

const kit = createServiceServer({
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
const kitAddress = await kit.listen(0, "127.0.0.1");

const bare = express();
bare.get("/info", (_req, res) => {
  res.json({
    name: "auth",
    version: "0.1.0",
    uptimeSeconds: (Date.now() - startedAt.getTime()) / 1000,
    startedAt,
  });
});
// tRPC alone on express, without the kit's auth, logging, metrics and error mapping.
const t = initTRPC.create({ transformer: superjson });
bare.use(
  "/trpc",
  createExpressMiddleware({
    router: t.router({
      auth: t.router({
        info: t.procedure.query(() => ({
          name: "auth",
          version: "0.1.0",
          uptimeSeconds: (Date.now() - startedAt.getTime()) / 1000,
          startedAt,
        })),
      }),
    }),
  }),
);
const bareServer = bare.listen(0, "127.0.0.1");
await new Promise((resolve) => bareServer.once("listening", resolve));

process.stdout.write(
  `${JSON.stringify({
    rpcUrl: `${kitAddress.url}/trpc/auth.info`,
    bareUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/info`,
    bareTrpcUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/trpc/auth.info`,
  })}\n`,
);

process.on("SIGTERM", async () => {
  bareServer.close();
  await kit.close();
  await Promise.allSettled([db.destroy(), redis.quit()]);
  process.exit(0);
});
