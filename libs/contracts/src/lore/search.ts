import { z } from "zod";
import { idSchema } from "../common/identifiers";

/**
 * The entityType of a lore chunk's embedding in the vector service; its entityId is the chunk id
 * and its metadata `{ documentId, version, teamIds, restricted }`.
 */
export const LORE_CHUNK_ENTITY_TYPE = "lore.chunk";

/** Narrows a search or a retrieval to some of the organization's documents; every condition must hold. */
export const loreSearchFiltersSchema = z
  .object({
    /** Documents filed under this category or any category below it. */
    categoryId: idSchema.optional(),
    /** Documents carrying at least one of these tags. */
    tagIds: z.array(idSchema).min(1).max(50, "at most 50 tagIds").optional(),
    /** Documents shared with at least one of these teams. */
    teamIds: z.array(idSchema).min(1).max(50, "at most 50 teamIds").optional(),
    /** Only documents of this status; without it, archived documents are left out. */
    status: z.enum(["draft", "published", "archived"]).optional(),
    /** Only these documents. */
    documentIds: z.array(idSchema).min(1).max(200, "at most 200 documentIds").optional(),
  })
  .strict();
export type LoreSearchFilters = z.infer<typeof loreSearchFiltersSchema>;

/**
 * How lore.search finds documents: `text` by their words (full text over the current version's
 * chunks), `fuzzy` by a title spelled nearly right, `semantic` by meaning (the vector service),
 * `hybrid` by all three fused by reciprocal rank.
 */
export const loreSearchModeSchema = z.enum(["text", "fuzzy", "semantic", "hybrid"]);
export type LoreSearchMode = z.infer<typeof loreSearchModeSchema>;

export const loreSearchInputSchema = z
  .object({
    query: z.string().trim().min(1, "query must not be empty").max(1_000, "query must be at most 1000 characters"),
    mode: loreSearchModeSchema.default("hybrid"),
    limit: z.number().int().min(1).max(100).default(10),
    filters: loreSearchFiltersSchema.optional(),
  })
  .strict();
export type LoreSearchInput = z.input<typeof loreSearchInputSchema>;

const rankSchema = z.number().int().positive();

export const loreSearchHitSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  /** The document's current version, the one searched. */
  version: z.number().int().positive(),
  /** The document's best passage; null when only its title matched. */
  chunkId: z.string().nullable(),
  /** The headings the passage sits under, outermost first. */
  headingPath: z.array(z.string()),
  /**
   * A short excerpt, HTML-escaped so it can be shown as markup, with the words that matched the
   * query wrapped in `<mark>…</mark>`.
   */
  snippet: z.string(),
  /**
   * By mode: full-text cover density (text), title trigram similarity (fuzzy), vector similarity
   * (semantic), or the fused reciprocal-rank score (hybrid). Higher is better.
   */
  score: z.number(),
  /** The document's place (1 = best) in each ranking that found it. */
  ranks: z.object({
    text: rankSchema.optional(),
    fuzzy: rankSchema.optional(),
    semantic: rankSchema.optional(),
  }),
});
export type LoreSearchHit = z.infer<typeof loreSearchHitSchema>;

export const loreSearchOutputSchema = z.object({
  /** Best first, at most one per document. */
  hits: z.array(loreSearchHitSchema),
  mode: loreSearchModeSchema,
});
export type LoreSearchOutput = z.infer<typeof loreSearchOutputSchema>;

/**
 * How lore.retrieve gathers passages for a question: `chunks` by hybrid search over passages,
 * `graph` through the entities the question names and their neighbours, `hybrid` both fused.
 */
export const loreRetrieveModeSchema = z.enum(["chunks", "graph", "hybrid"]);
export type LoreRetrieveMode = z.infer<typeof loreRetrieveModeSchema>;

export const loreRetrieveInputSchema = z
  .object({
    question: z
      .string()
      .trim()
      .min(1, "question must not be empty")
      .max(2_000, "question must be at most 2000 characters"),
    mode: loreRetrieveModeSchema.default("hybrid"),
    limit: z.number().int().min(1).max(50).default(8),
    filters: loreSearchFiltersSchema.optional(),
  })
  .strict();
export type LoreRetrieveInput = z.input<typeof loreRetrieveInputSchema>;

export const lorePassageSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  version: z.number().int().positive(),
  chunkId: z.string(),
  /** Where the passage lies in its version's text: [start, end) in characters. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  headingPath: z.array(z.string()),
  content: z.string(),
  /** The fused reciprocal-rank score (chunks, hybrid) or the entity match score (graph). Higher is better. */
  score: z.number(),
  /** Why the passage was chosen, in words, e.g. `mentions "Ada Lovelace" (named in the question)`. */
  reasons: z.array(z.string()),
});
export type LorePassage = z.infer<typeof lorePassageSchema>;

export const loreRetrieveOutputSchema = z.object({
  /** Best first. */
  passages: z.array(lorePassageSchema),
});
export type LoreRetrieveOutput = z.infer<typeof loreRetrieveOutputSchema>;
