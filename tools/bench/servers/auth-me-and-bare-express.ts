import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { createRedisConnection, createServiceServer, type ServiceDependencies } from "@cauldron/rpc";
import { createAuthService } from "@cauldron/service-auth";
import express from "express";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { pino } from "pino";

// Runs in its own process so the load generator does not share the event loop with the servers.
// AUTH_BENCH_DATABASE_URL names a throwaway database cloned from the migrated template.
const databaseUrl = process.env.AUTH_BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error("AUTH_BENCH_DATABASE_URL is required");
const env = loadConfig(platformEnvSchema, { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
const logger = pino({ level: "silent" });
const db = createDatabase({ url: databaseUrl, poolMax: 8, applicationName: "cauldron-bench-auth" });
// The services' own Redis connection, as runService makes it.
const redis = createRedisConnection(env.REDIS_URL);
const redisKeyPrefix = `bench:${randomBytes(6).toString("hex")}:`;
const dependencies: ServiceDependencies = { db, redis, logger, env, startedAt: new Date(), redisKeyPrefix };
const definition = createAuthService({ environment: { NODE_ENV: "development" } });

const auth = createServiceServer({
  name: "auth",
  db,
  redis,
  logger,
  router: definition.createRouter(dependencies),
  authenticators: definition.createAuthenticators!(dependencies),
  bodyLimit: "1mb",
  shutdownTimeoutMs: 1_000,
  configureRoutes: (app, createContext) => definition.configureRoutes?.(app, dependencies, createContext),
});
const authAddress = await auth.listen(0, "127.0.0.1");

// The baseline: the statement auth.me sends (app.user_overview_as, whose argument sets the caller
// for that statement alone), through a bare pg pool as the same role, with the user named in the
// query string instead of a verified token.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });

const bare = express();
bare.get("/me", async (req, res) => {
  try {
    const { rows } = await pool.query(
      "select * from app.user_overview_as((select $1::uuid from set_config('app.user_id', $1, true)))",
      [String(req.query.userId)],
    );
    res.json(rows[0] ?? null);
  } catch (error) {
    res.status(500).json({ error: String(error) });
  }
});
const bareServer = bare.listen(0, "127.0.0.1");
await new Promise((resolve) => bareServer.once("listening", resolve));

process.stdout.write(
  `${JSON.stringify({
    authUrl: authAddress.url,
    bareMeUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/me`,
  })}\n`,
);

process.on("SIGTERM", async () => {
  bareServer.close();
  await auth.close();
  await Promise.allSettled([pool.end(), db.destroy(), redis.quit()]);
  process.exit(0);
});
