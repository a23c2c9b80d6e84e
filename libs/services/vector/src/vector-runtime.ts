import {
  createOrganizationQuotas,
  type OrganizationQuota,
  type OrganizationQuotas,
  type ServiceDependencies,
} from "@cauldron/rpc";
import type { Logger } from "pino";
import { createEmbeddingProviders, type EmbeddingProviders, type ProviderOptions } from "./providers";
import { createReadyModelCache, type ReadyModelCache } from "./search/ready-model-cache";
import { createRowCountCache, type RowCountCache } from "./search/row-count-cache";
import type { VectorEnv } from "./vector-config";

/** What the vector service's procedures share: settings, quotas and how providers reach the network. */
export interface VectorRuntime {
  config: VectorEnv;
  quotas: OrganizationQuotas;
  /** Calls that embed text server-side, per organization per hour. */
  embedQuota: OrganizationQuota;
  providerOptions: ProviderOptions;
  /** One provider per model, kept across requests so a model's request-rate limit holds: `providers.forModel(row)`. */
  providers: EmbeddingProviders;
  logger: Logger;
  /** Organizations' row counts per model, for choosing exact or index search. */
  rowCounts: RowCountCache;
  /** Models with a ready index that searches named lately, per organization. */
  readyModels: ReadyModelCache;
}

/** Builds the runtime once per router from the service's dependencies. */
export function createVectorRuntime(
  dependencies: ServiceDependencies,
  config: VectorEnv,
  overrides: ProviderOptions = {},
): VectorRuntime {
  const providerOptions = { privateHostsAllowed: config.VECTOR_EMBEDDING_PRIVATE_HOSTS, ...overrides };
  return {
    config,
    quotas: createOrganizationQuotas({
      redis: dependencies.redis,
      keyPrefix: dependencies.redisKeyPrefix,
      logger: dependencies.logger,
    }),
    embedQuota: { name: "embedding calls", max: config.VECTOR_EMBED_CALLS_PER_HOUR, windowSeconds: 3_600 },
    providerOptions,
    providers: createEmbeddingProviders(providerOptions),
    logger: dependencies.logger,
    rowCounts: createRowCountCache({ ttlMs: 5_000, capacity: 10_000 }),
    readyModels: createReadyModelCache({ ttlMs: 60_000, capacity: 10_000 }),
  };
}
