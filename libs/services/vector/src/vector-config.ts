import { loadConfig } from "@cauldron/config";
import { z } from "zod";
import { privateHostsSetting } from "./providers";

/** The vector service's own settings, beside the platform's. */
export const vectorEnvSchema = z.object({
  /** Calls that embed text server-side (upserts, searches) one organization may make per hour; hosted providers cost money. */
  VECTOR_EMBED_CALLS_PER_HOUR: z.coerce.number().int().min(1).default(20_000),
  /** Statement timeout of one HNSW index build, run by the index job. */
  VECTOR_INDEX_BUILD_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  /** How often the index job looks for models whose index is not built yet. */
  VECTOR_INDEX_JOB_EVERY_MS: z.coerce.number().int().min(100).default(2_000),
  /**
   * How often pending vectors of small writes are added to their models' HNSW graphs. They are
   * searchable meanwhile; every 1 s instead cost the idle service 0.5% of a core, ten times the rest.
   */
  VECTOR_PENDING_JOB_EVERY_MS: z.coerce.number().int().min(10).default(5_000),
  /** An organization holding at most this many rows of a model is searched exactly, not through HNSW. */
  VECTOR_EXACT_SEARCH_MAX_ROWS: z.coerce.number().int().min(0).default(10_000),
  /** Default HNSW candidate list size for searches that do not set efSearch. */
  VECTOR_DEFAULT_EF_SEARCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /** Comma-separated hostnames, IPs or CIDRs an embedding endpoint may be at although private; by default none. */
  VECTOR_EMBEDDING_PRIVATE_HOSTS: privateHostsSetting,
});

export type VectorEnv = z.output<typeof vectorEnvSchema>;

/** Reads the vector service's settings from the environment, failing loudly on a bad value. */
export function loadVectorConfig(environment: Record<string, string | undefined> = process.env): VectorEnv {
  return loadConfig(vectorEnvSchema, environment);
}
