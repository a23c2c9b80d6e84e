import { withSystem } from "@cauldron/db";
import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import { createAnalyticsRouter } from "./analytics/analytics-router";
import { createCollectionsRouter } from "./collections/collections-router";
import { createEmbeddingsRouter } from "./embeddings/embeddings-router";
import { pendingEmbeddingsJob } from "./embeddings/pending-embeddings-job";
import { loreChunksConsumer } from "./lore-chunks/lore-chunks-consumer";
import { modelIndexJob } from "./models/model-index-job";
import { createModelsRouter } from "./models/models-router";
import type { ProviderOptions } from "./providers";
import { createSearchLog, type SearchLog } from "./search/search-log";
import { createSearchProcedure } from "./search/search-procedure";
import { loadVectorConfig, vectorEnvSchema, type VectorEnv } from "./vector-config";
import { createVectorRuntime } from "./vector-runtime";

/** The vector service's pluggable parts; each has a local default. */
export interface VectorServiceOptions {
  /** Overrides settings read from the environment (VECTOR_*). */
  config?: Partial<VectorEnv>;
  environment?: Record<string, string | undefined>;
  /** How providers reach embedding servers (tests shorten retries and backoff). */
  providers?: ProviderOptions;
}

function loadSettings(options: VectorServiceOptions): VectorEnv {
  return { ...loadVectorConfig(options.environment ?? process.env), ...options.config };
}

/** The query log, written in the service's own transactions: one per batch of searches. */
function serviceSearchLog(dependencies: ServiceDependencies): SearchLog {
  return createSearchLog(dependencies.logger, (work) => withSystem(dependencies.db, work));
}

/** Builds the vector service's router; every procedure lives under the `vector` prefix. */
export function createVectorRouter(
  dependencies: ServiceDependencies,
  options: VectorServiceOptions = {},
  searchLog: SearchLog = serviceSearchLog(dependencies),
) {
  const runtime = createVectorRuntime(dependencies, loadSettings(options), options.providers);
  return router({
    vector: router({
      info: createInfoProcedure("vector", dependencies.startedAt),
      models: createModelsRouter(runtime),
      collections: createCollectionsRouter(runtime),
      embeddings: createEmbeddingsRouter(runtime),
      search: createSearchProcedure(runtime, searchLog),
      analytics: createAnalyticsRouter(runtime),
    }),
  });
}

export type VectorRouter = ReturnType<typeof createVectorRouter>;

/** The vector service with its parts chosen; `vectorService` is it with every default. */
export function createVectorService(options: VectorServiceOptions = {}) {
  const searchLogs: SearchLog[] = [];
  return defineService({
    name: "vector",
    environment: [vectorEnvSchema],
    createRouter: (dependencies) => {
      const searchLog = serviceSearchLog(dependencies);
      searchLogs.push(searchLog);
      return createVectorRouter(dependencies, options, searchLog);
    },
    // Search log entries still being written when the service stops are written before the pool closes.
    settle: async () => {
      await Promise.all(searchLogs.map((searchLog) => searchLog.settled()));
    },
    workers: (dependencies) => {
      const config = loadSettings(options);
      return [
        modelIndexJob({
          everyMs: config.VECTOR_INDEX_JOB_EVERY_MS,
          statementTimeoutMs: config.VECTOR_INDEX_BUILD_TIMEOUT_MS,
        }),
        pendingEmbeddingsJob({ everyMs: config.VECTOR_PENDING_JOB_EVERY_MS }),
        loreChunksConsumer(createVectorRuntime(dependencies, config, options.providers)),
      ];
    },
  });
}

export const vectorService = createVectorService();
