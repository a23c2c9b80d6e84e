import { platformEnvSchema, loadConfig } from "@cauldron/config";
import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { Database } from "@cauldron/db";
import {
  createAccessTokenVerifier,
  createPlatformAuthenticators,
  createServiceServer,
  type Authenticators,
  type ServiceDefinition,
  type ServiceDependencies,
} from "@cauldron/rpc";
import type { AnyTRPCRouter } from "@trpc/server";
import { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { pino } from "pino";
import { createTestRedisPrefix } from "./test-redis";
import { createTestSigner, TEST_AUDIENCE, TEST_ISSUER, type TestSigner } from "./test-signer";

export const TEST_SERVICE_TOKEN_SECRET = "test-service-token-secret-0123456789abcdef";

export interface TestService<TRouter extends AnyTRPCRouter> {
  url: string;
  signer: TestSigner;
  dependencies: ServiceDependencies;
  /** Where this service's revocation markers live in Redis (pass it to the auth service under test). */
  redisKeyPrefix: string;
  /** A typed client of this service; pass a token and organization to act as someone. */
  client(options?: Omit<ServiceClientOptions, "url">): ReturnType<typeof createServiceClient<TRouter>>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  db: Kysely<Database>;
  redisUrl?: string;
  /** Platform variables, plus SUPABASE_JWT_* to accept Supabase tokens. */
  env?: Record<string, string>;
  bodyLimit?: string;
  /** Shared with an auth service booted in the same test, so its revocations reach this one; random by default. */
  redisKeyPrefix?: string;
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
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  });
  const logger = pino({ level: env.LOG_LEVEL });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  const signer = await createTestSigner();
  const dependencies: ServiceDependencies = { db: options.db, redis, logger, env, startedAt: new Date() };
  const redisKeyPrefix = options.redisKeyPrefix ?? createTestRedisPrefix();
  const authenticators: Authenticators =
    definition.createAuthenticators?.(dependencies) ??
    createPlatformAuthenticators({
      resources: dependencies,
      accessToken: createAccessTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwks: signer.jwks }),
      serviceTokenSecret: TEST_SERVICE_TOKEN_SECRET,
      environment: options.env,
      redisKeyPrefix,
    });
  const server = createServiceServer({
    name: definition.name,
    db: options.db,
    redis,
    logger,
    router: definition.createRouter(dependencies),
    authenticators,
    bodyLimit: options.bodyLimit ?? env.REQUEST_BODY_LIMIT,
    shutdownTimeoutMs: 2_000,
    configureRoutes: definition.configureRoutes
      ? (app, createContext) => definition.configureRoutes?.(app, dependencies, createContext)
      : undefined,
  });
  const { url } = await server.listen(0, "127.0.0.1");
  return {
    url,
    signer,
    dependencies,
    redisKeyPrefix,
    client: (clientOptions = {}) => createServiceClient<TRouter>({ ...clientOptions, url }),
    close: async () => {
      await server.close();
      await redis.quit();
    },
  };
}
