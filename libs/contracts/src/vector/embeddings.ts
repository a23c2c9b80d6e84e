import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { jsonObjectSchema } from "../common/json-object";
import { metadataFilterSchema } from "./filter";

/** Most items one upsert takes; the procedure's body limit fits this many 1,536-dimension vectors. */
export const MAX_UPSERT_ITEMS = 1_000;

/** Body limit of `vector.embeddings.upsert`: 1,000 vectors of 1,536 numbers as JSON, with room for text. */
export const UPSERT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const entityTypeSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    "entityType is lowercase letters, digits and _, dotted for a service's kinds (lore.chunk)",
  );

/** Where embeddings go: a model directly, or a collection (which names its model). */
export const embeddingTargetSchema = z.union(
  [z.object({ modelId: idSchema }).strict(), z.object({ collectionId: idSchema }).strict()],
  { error: "name either modelId or collectionId" },
);

export const upsertItemSchema = z
  .object({
    content: z.string().min(1, "content must not be empty").max(32_000, "content must be at most 32000 characters"),
    /** Supply the vector yourself (required for precomputed models); otherwise the model embeds `content`. */
    vector: z.array(z.number().finite("vector values must be finite numbers")).min(1).max(4_000).optional(),
    metadata: jsonObjectSchema({ maxBytes: 16_000, maxDepth: 8 }, "metadata").optional(),
    entityType: entityTypeSchema.optional(),
    entityId: idSchema.optional(),
  })
  .strict()
  .refine((item) => item.entityType === undefined || item.entityId !== undefined, {
    message: "entityType names the kind of an entity: give its entityId too",
    path: ["entityId"],
  });

export const upsertEmbeddingsInputSchema = z
  .object({
    modelId: idSchema.optional(),
    collectionId: idSchema.optional(),
    items: z.array(upsertItemSchema).min(1).max(MAX_UPSERT_ITEMS, `at most ${MAX_UPSERT_ITEMS} items per call`),
  })
  .strict()
  .refine((input) => input.modelId !== undefined || input.collectionId !== undefined, {
    message: "name a modelId or a collectionId (with both, the collection must use that model)",
    path: ["modelId"],
  });

export const upsertEmbeddingsOutputSchema = z.object({
  modelId: z.string(),
  /** One per item, in input order; `created` false when the same content and entity was stored already. */
  items: z.array(z.object({ id: z.string(), created: z.boolean() })),
});

export const embeddingSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  content: z.string(),
  contentHash: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  collectionIds: z.array(z.string()),
  dimensions: z.number().int(),
  vector: z.array(z.number()).optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Embedding = z.infer<typeof embeddingSchema>;

export const getEmbeddingsInputSchema = z
  .object({
    ids: z.array(idSchema).min(1).max(1_000),
    includeVectors: z.boolean().default(false),
  })
  .strict();

export const getEmbeddingsOutputSchema = z.object({ items: z.array(embeddingSchema) });

export const deleteEmbeddingsInputSchema = z.union(
  [
    z.object({ ids: z.array(idSchema).min(1).max(1_000) }).strict(),
    z
      .object({
        modelId: idSchema.optional(),
        collectionId: idSchema.optional(),
        filter: metadataFilterSchema.optional(),
        entityType: entityTypeSchema.optional(),
        entityId: idSchema.optional(),
      })
      .strict()
      .refine((input) => input.filter !== undefined || input.entityId !== undefined || input.entityType !== undefined, {
        message: "name ids, or a filter, entityType or entityId to delete by",
      }),
  ],
  { error: "name ids, or a filter, entityType or entityId to delete by" },
);

export const deleteEmbeddingsOutputSchema = z.object({ deleted: z.number().int().nonnegative() });
