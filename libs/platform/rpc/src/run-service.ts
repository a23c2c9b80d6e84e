import { ConfigError, loadConfig, platformEnvSchema, SERVICE_PORTS } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { createRedisConnection } from "./redis-connection";
import { pino } from "pino";
import { z } from "zod";
import { createAccessTokenVerifier } from "./auth/access-token";
import type { Authenticators } from "./auth/authenticate";
import { createPlatformAuthenticators } from "./auth/platform-authenticators";
import { DEFAULT_REDIS_KEY_PREFIX } from "./auth/session-revocation";
import { createServiceServer } from "./http/create-service-server";
import { requestLimitsFrom } from "./http/request-limits";
import type { ServiceDefinition, ServiceDependencies } from "./service-definition";
import { createWorkerSupervisor } from "./workers/worker-supervisor";
import { mountWorkerStatus } from "./workers/worker-status-route";
import { checkServiceEnvironment } from "./service-environment";

/** A running service: where it listens and how to stop it. */
export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

function serviceEnvSchema(definition: ServiceDefinition) {
  return platformEnvSchema
    .extend({ PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS[definition.name]) })
    .refine((env) => env.NODE_ENV !== "production" || env.SERVICE_TOKEN_SECRET !== undefined, {
      message: "is required when NODE_ENV=production",
      path: ["SERVICE_TOKEN_SECRET"],
    });
}

/**
 * Builds the authenticators every service uses unless it brings its own: access JWTs checked
 * against the auth service's published keys, plus API, service and (when configured) Supabase tokens.
 */
export function defaultAuthenticators(
  serviceName: string,
  dependencies: ServiceDependencies,
  environment: Record<string, string | undefined> = process.env,
): Authenticators {
  const { env } = dependencies;
  return createPlatformAuthenticators({
    serviceName,
    resources: dependencies,
    accessToken: createAccessTokenVerifier({
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      jwksUrl: env.AUTH_JWKS_URL,
    }),
    serviceTokenSecret: env.SERVICE_TOKEN_SECRET,
    environment,
  });
}

/** Starts one service from the environment: config, pools, server; stops it cleanly on request. */
export async function startService(
  definition: ServiceDefinition,
  environment: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const env = loadConfig(serviceEnvSchema(definition), environment);
  checkServiceEnvironment(definition, environment);
  // Log lines are buffered and written off the request path; stop() flushes what is left.
  const logger = pino(
    { level: env.LOG_LEVEL, base: { service: definition.name } },
    pino.destination({ dest: 1, sync: false }),
  );
  const db = createDatabase({
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    applicationName: `cauldron-${definition.name}`,
    connectionTimeoutMs: env.DATABASE_CONNECTION_TIMEOUT_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  const redis = createRedisConnection(env.REDIS_URL);
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const dependencies: ServiceDependencies = {
    db,
    redis,
    logger,
    env,
    startedAt: new Date(),
    redisKeyPrefix: DEFAULT_REDIS_KEY_PREFIX,
  };
  const workers = createWorkerSupervisor(definition.name, definition.workers?.(dependencies) ?? [], dependencies, {
    listenConnectionString: env.DATABASE_URL,
  });
  const server = createServiceServer({
    name: definition.name,
    db,
    redis,
    logger,
    router: definition.createRouter(dependencies),
    authenticators:
      definition.createAuthenticators?.(dependencies) ??
      defaultAuthenticators(definition.name, dependencies, environment),
    bodyLimit: env.REQUEST_BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    limits: requestLimitsFrom(env),
    activity: { keyPrefix: dependencies.redisKeyPrefix },
    configureRoutes: (app, createContext) => {
      mountWorkerStatus(app, definition.name, workers);
      definition.configureRoutes?.(app, dependencies, createContext);
    },
  });
  workers.instrument(server.metrics.registry);
  const { url } = await server.listen(env.PORT, env.HOST);
  await workers.start();
  logger.info({ url }, `${definition.name} service listening`);
  return {
    url,
    stop: async () => {
      await server.close();
      await definition.settle?.();
      await workers.stop();
      await Promise.allSettled([db.destroy(), redis.quit()]);
      logger.info(`${definition.name} service stopped`);
      logger.flush();
    },
  };
}

/** Entry point of a service process: starts it and shuts it down gracefully on SIGTERM/SIGINT. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  let running: RunningService;
  try {
    running = await startService(definition);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
    } else {
      process.stderr.write(`${definition.name}: failed to start: ${String(error)}\n`);
    }
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${definition.name}: ${signal} received, finishing in-flight requests\n`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${definition.name}: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
