import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { metadataFilterSchema } from "./filter";
import { vectorInputSchema } from "./packed-vector";

export const searchInputSchema = z
  .object({
    modelId: idSchema.optional(),
    collectionId: idSchema.optional(),
    text: z.string().trim().min(1, "text must not be empty").max(10_000).optional(),
    /** The query vector: numbers, or packed with `packVector` (smaller, and quicker to send and read). */
    vector: vectorInputSchema.optional(),
    topK: z.number().int().min(1).max(1_000).default(10),
    /** Similarity (cosine, inner product) at least, or L2 distance at most, this value. */
    threshold: z.number().finite().optional(),
    filter: metadataFilterSchema.optional(),
    entityType: z.string().trim().min(1).max(60).optional(),
    /** Only the rows of these entities (by entityId), compared exactly: a search within a few known items. */
    entityIds: z.array(idSchema).min(1).max(1_000, "at most 1000 entityIds").optional(),
    /** HNSW candidate list size; larger is slower and finds more of the true neighbours. */
    efSearch: z.number().int().min(1).max(1_000).optional(),
    /** Compare against every row instead of the index: exact, and slower on large sets. */
    exact: z.boolean().default(false),
    /** Also match `text` by full text, fused with the vector ranking by reciprocal rank. */
    hybrid: z
      .object({
        vectorWeight: z.number().min(0).max(1).default(0.5),
        textWeight: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .optional(),
    includeVectors: z.boolean().default(false),
  })
  .strict()
  .refine((input) => input.text !== undefined || input.vector !== undefined, {
    message: "give text or vector to search with",
    path: ["text"],
  })
  .refine((input) => input.hybrid === undefined || input.text !== undefined, {
    message: "hybrid search needs text",
    path: ["hybrid"],
  });

export const searchHitSchema = z.object({
  id: z.string(),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  /** Cosine similarity, inner product, or L2 distance, by the model's distance. */
  score: z.number(),
  /** In hybrid search, the fused reciprocal-rank score; null otherwise. */
  fusedScore: z.number().nullable(),
  vector: z.array(z.number()).optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchOutputSchema = z.object({
  queryId: z.string(),
  modelId: z.string(),
  hits: z.array(searchHitSchema),
  /** How the rows were found: the HNSW index, or an exact scan (small sets, selective filters, `exact`). */
  strategy: z.enum(["index", "exact"]),
});
