import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import { createRealtimeHub, eventKeys } from "@cauldron/events";
import { createDocumentChangesProcedure } from "./documents/document-changes-subscription";
import { createDocumentsRouter } from "./documents/documents-router";
import { indexStatusConsumer } from "./documents/index-status-consumer";
import { extractionConsumer } from "./extraction/extraction-consumer";
import type { EntityExtractor } from "./extraction/extracted";
import { createGraphRouters } from "./graph/graph-routers";
import { loadLoreConfig, loreEnvSchema, type LoreEnv } from "./lore-config";
import { createLoreRuntime } from "./lore-runtime";
import { createSearchProcedures } from "./search/search-procedures";
import { storageImportConsumer } from "./storage-import/storage-import-consumer";
import { createCategoriesRouter } from "./taxonomy/categories-router";
import { createTagsRouter } from "./taxonomy/tags-router";

/** The lore service's pluggable parts; each has a local default. */
export interface LoreServiceOptions {
  /** Overrides settings read from the environment (LORE_*). */
  config?: Partial<LoreEnv>;
  environment?: Record<string, string | undefined>;
  /** Replaces the entity extractors chosen from the settings (the built-in one, plus the chat one when configured). */
  extractors?: EntityExtractor[];
}

function loadSettings(options: LoreServiceOptions): LoreEnv {
  return { ...loadLoreConfig(options.environment ?? process.env), ...options.config };
}

/** Builds the lore service's router; every procedure lives under the `lore` prefix. */
export function createLoreRouter(dependencies: ServiceDependencies, options: LoreServiceOptions = {}) {
  const runtime = createLoreRuntime(dependencies, loadSettings(options));
  const realtime = createRealtimeHub({
    redis: dependencies.redis,
    streamKey: eventKeys(dependencies.redisKeyPrefix).stream,
    logger: dependencies.logger,
  });
  return router({
    lore: router({
      info: createInfoProcedure("lore", dependencies.startedAt),
      onDocumentChanged: createDocumentChangesProcedure(realtime),
      documents: createDocumentsRouter(runtime),
      categories: createCategoriesRouter(runtime),
      tags: createTagsRouter(runtime),
      ...createGraphRouters(runtime),
      ...createSearchProcedures(runtime),
    }),
  });
}

export type LoreRouter = ReturnType<typeof createLoreRouter>;

/** The lore service with its parts chosen; `loreService` is it with every default. */
export function createLoreService(options: LoreServiceOptions = {}) {
  return defineService({
    name: "lore",
    environment: [loreEnvSchema],
    createRouter: (dependencies) => createLoreRouter(dependencies, options),
    workers: (dependencies) => [
      indexStatusConsumer(),
      extractionConsumer(loadSettings(options), { extractors: options.extractors }),
      storageImportConsumer({
        runtime: createLoreRuntime(dependencies, loadSettings(options)),
        db: dependencies.db,
        logger: dependencies.logger.child({ component: "storage-import" }),
      }),
    ],
  });
}

export const loreService = createLoreService();
