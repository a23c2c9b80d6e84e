import { configuredRedisUrl, loadConfig, platformEnvSchema } from "@cauldron/config";
import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { Database } from "@cauldron/db";
import {
  createAccessTokenVerifier,
  createPlatformAuthenticators,
  createRedisConnection,
  createServiceServer,
  createWorkerSupervisor,
  mountWorkerStatus,
  requestLimitsFrom,
  type Authenticators,
  type ServiceDefinition,
  type ServiceDependencies,
  type WorkerRuntimeOptions,
  type WorkerSupervisor,
} from "@cauldron/rpc";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Kysely } from "kysely";
import { pino, type Logger } from "pino";
import { createTestRedisPrefix } from "./test-redis";
import {
  createTestSigner,
  TEST_AUDIENCE,
  TEST_ISSUER,
  TEST_SERVICE_TOKEN_SECRET,
  type TestSigner,
} from "./test-signer";

export interface TestService<TRouter extends AnyTRPCRouter> {
  url: string;
  signer: TestSigner;
  dependencies: ServiceDependencies;
  /** The router the server serves, to enumerate its procedures. */
  router: TRouter;
  /** Where this service's revocation markers live in Redis (pass it to the auth service under test). */
  redisKeyPrefix: string;
  /** A typed client of this service; pass a token and organization to act as someone. */
  client(options?: Omit<ServiceClientOptions, "url">): ReturnType<typeof createServiceClient<TRouter>>;
  /** The service's workers (relay, consumers, jobs), as /statusz reports them. */
  workers: WorkerSupervisor;
  /** Stops the workers, then the server: in-flight handlers and job runs finish first. */
  close(): Promise<void>;
}

export interface TestServiceOptions {
  db: Kysely<Database>;
  redisUrl?: string;
  /** Platform variables, plus SUPABASE_JWT_* to accept Supabase tokens. */
  env?: Record<string, string>;
  bodyLimit?: string;
  /**
   * Shared with an auth service booted in the same test, so its revocations reach this one; random
   * by default. Services on one database should share it, so their relays feed one event stream.
   */
  redisKeyPrefix?: string;
  /** Where the service logs; silent (or TEST_LOG_LEVEL) by default. Pass one writing to a stream to read its lines. */
  logger?: Logger;
  /**
   * How the declared workers run (e.g. short leases); the relay polls every 20 ms unless told
   * otherwise. `false` runs no workers at all, not even the platform's own.
   */
  workers?: WorkerRuntimeOptions | false;
}

/** Boots a service in-process on an ephemeral port against a test database and the real Redis. */
export async function startTestService<TRouter extends AnyTRPCRouter>(
  definition: ServiceDefinition<TRouter>,
  options: TestServiceOptions,
): Promise<TestService<TRouter>> {
  const env = loadConfig(platformEnvSchema, {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SERVICE_TOKEN_SECRET: TEST_SERVICE_TOKEN_SECRET,
    // The environment given replaces the process's, so the Redis every test uses is named here.
    REDIS_URL: options.redisUrl ?? configuredRedisUrl(),
    ...options.env,
  });
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL });
  // The services' own connection, lazy, so a service that refuses its configuration leaves none behind.
  const redis = createRedisConnection(env.REDIS_URL, { lazyConnect: true });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const signer = await createTestSigner();
  const redisKeyPrefix = options.redisKeyPrefix ?? createTestRedisPrefix();
  const dependencies: ServiceDependencies = {
    db: options.db,
    redis,
    logger,
    env,
    startedAt: new Date(),
    redisKeyPrefix,
  };
  const authenticators: Authenticators =
    definition.createAuthenticators?.(dependencies) ??
    createPlatformAuthenticators({
      serviceName: definition.name,
      resources: dependencies,
      accessToken: createAccessTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwks: signer.jwks }),
      serviceTokenSecret: TEST_SERVICE_TOKEN_SECRET,
      environment: options.env,
      redisKeyPrefix,
    });
  const router = definition.createRouter(dependencies);
  // The same workers the service declares, so consumers and jobs run in tests as in production.
  const declared = options.workers === false ? [] : (definition.workers?.(dependencies) ?? []);
  const workers = createWorkerSupervisor(definition.name, declared, dependencies, {
    // Only services with workers relay, so a test's other services never take its events to another stream.
    relay: options.workers !== false && definition.workers !== undefined,
    relayPollMs: 20,
    relayIdlePollMaxMs: 200,
    ...(options.workers === false ? { platformJobs: false } : options.workers),
  });
  const server = createServiceServer({
    name: definition.name,
    db: options.db,
    redis,
    logger,
    router,
    authenticators,
    bodyLimit: options.bodyLimit ?? env.REQUEST_BODY_LIMIT,
    shutdownTimeoutMs: 2_000,
    limits: requestLimitsFrom(env),
    configureRoutes: (app, createContext) => {
      mountWorkerStatus(app, definition.name, workers);
      definition.configureRoutes?.(app, dependencies, createContext);
    },
  });
  workers.instrument(server.metrics.registry);
  const { url } = await server.listen(0, "127.0.0.1");
  await workers.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    signer,
    dependencies,
    router,
    redisKeyPrefix,
    client: (clientOptions = {}) => createServiceClient<TRouter>({ ...clientOptions, url }),
    workers,
    // Idempotent, so a test that stops the service itself can still hand it to a kit's cleanup.
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await definition.settle?.();
        await workers.stop();
        await redis.quit();
      })()),
  };
}
