import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { jsonObjectSchema } from "../common/json-object";
import { pageInputSchema, pageSchema } from "../common/page";

export const embeddingProviderSchema = z.enum(["precomputed", "hash", "glove", "openai-compatible"], {
  error: "provider must be precomputed, hash, glove or openai-compatible",
});
export type EmbeddingProviderName = z.infer<typeof embeddingProviderSchema>;

export const vectorDistanceSchema = z.enum(["cosine", "inner_product", "l2"], {
  error: "distance must be cosine, inner_product or l2",
});
export type VectorDistance = z.infer<typeof vectorDistanceSchema>;

export const modelIndexStateSchema = z.enum(["pending", "building", "ready", "failed"]);

/** The widest model an HNSW index takes (as halfvec past 2,000 dimensions). */
export const MAX_INDEXED_DIMENSIONS = 4_000;

const modelNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "name may hold letters, digits and . _ : / - only");

export const registerModelInputSchema = z
  .object({
    name: modelNameSchema,
    provider: embeddingProviderSchema,
    dimensions: z
      .number()
      .int()
      .min(1)
      .max(MAX_INDEXED_DIMENSIONS, `dimensions must be at most ${MAX_INDEXED_DIMENSIONS}`),
    distance: vectorDistanceSchema.default("cosine"),
    version: z.string().trim().min(1).max(60).optional(),
    description: z.string().trim().max(1_000).optional(),
    /** Provider settings, checked against the provider's own schema (e.g. baseUrl and model for openai-compatible). */
    configuration: jsonObjectSchema({ maxBytes: 16_000, maxDepth: 4 }, "configuration").default({}),
    index: z
      .object({
        m: z.number().int().min(2).max(100).default(16),
        efConstruction: z.number().int().min(4).max(1_000).default(64),
      })
      .refine((index) => index.efConstruction >= 2 * index.m, {
        message: "efConstruction must be at least twice m",
        path: ["efConstruction"],
      })
      .default({ m: 16, efConstruction: 64 }),
    setDefault: z.boolean().default(false),
  })
  .strict();

export const modelIdInputSchema = z.object({ modelId: idSchema });

export const listModelsInputSchema = pageInputSchema.extend({
  includeRetired: z.boolean().default(false),
  provider: embeddingProviderSchema.optional(),
});

export const modelIndexSchema = z.object({
  state: modelIndexStateSchema,
  m: z.number().int(),
  efConstruction: z.number().int(),
  error: z.string().nullable(),
  builtAt: z.date().nullable(),
  /** While building: the phase Postgres reports and how far it is, 0–100. */
  progress: z.object({ phase: z.string(), percent: z.number().min(0).max(100) }).nullable(),
});

export const embeddingModelSchema = z.object({
  id: z.string(),
  /** Null for the platform's built-in models, which every organization can use. */
  organizationId: z.string().nullable(),
  name: z.string(),
  provider: embeddingProviderSchema,
  dimensions: z.number().int(),
  distance: vectorDistanceSchema,
  version: z.string().nullable(),
  description: z.string().nullable(),
  /** Provider settings with secrets (API keys) redacted. */
  configuration: z.record(z.string(), z.unknown()),
  /** Whether this is the model the organization embeds with when a call names none. */
  isDefault: z.boolean(),
  index: modelIndexSchema,
  retiredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type EmbeddingModel = z.infer<typeof embeddingModelSchema>;

export const embeddingModelPageSchema = pageSchema(embeddingModelSchema);
