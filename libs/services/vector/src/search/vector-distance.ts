import type { VectorDistance } from "@cauldron/contracts";
import { toVectorBinary } from "@cauldron/db";
import { type RawBuilder, sql } from "kysely";

/** What a search needs to know about its model to compare vectors. */
export interface ComparedModel {
  id: string;
  dimensions: number;
  distance: VectorDistance;
}

// pgvector's operator per distance: `<#>` is the negative inner product, so every one orders ascending.
const OPERATORS: Record<VectorDistance, RawBuilder<unknown>> = {
  cosine: sql`<=>`,
  inner_product: sql`<#>`,
  l2: sql`<->`,
};

// HNSW takes vectors up to 2,000 dimensions; larger models are indexed as halfvec (see vector.build_model_index).
const HALFVEC_ABOVE_DIMENSIONS = 2_000;

function typeModifier(dimensions: number): RawBuilder<unknown> {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`not a vector size: ${dimensions}`);
  // eslint-disable-next-line no-restricted-syntax -- a checked integer from the model row: a type modifier cannot be a parameter
  return sql.lit(dimensions);
}

/**
 * The ordering the model's HNSW index answers: the index's expression, operator and element type
 * repeated exactly (`e.embedding::vector(384) <=> $q::vector(384)`), or the planner cannot use it.
 */
export function indexOrdering(model: ComparedModel, query: readonly number[]): RawBuilder<number> {
  const size = typeModifier(model.dimensions);
  const vector = toVectorBinary(query);
  return model.dimensions > HALFVEC_ABOVE_DIMENSIONS
    ? sql<number>`e.embedding::halfvec(${size}) ${OPERATORS[model.distance]} ${vector}::vector::halfvec(${size})`
    : sql<number>`e.embedding::vector(${size}) ${OPERATORS[model.distance]} ${vector}::vector(${size})`;
}

/** A row's vector, whether in the model's graph already (`embedding`) or still pending. */
export const storedVector = sql<string>`coalesce(e.embedding, e.pending_embedding)`;

/**
 * The full-precision distance of a row's vector to the query. It is not the index's expression, so
 * ordering by it makes the planner compare every candidate row instead of walking the HNSW graph.
 */
export function exactDistance(model: ComparedModel, query: readonly number[]): RawBuilder<number> {
  return sql<number>`${storedVector} ${OPERATORS[model.distance]} ${toVectorBinary(query)}::vector`;
}

/** The score clients see for a distance: cosine similarity, the inner product, or the L2 distance itself. */
export function scoreOf(distance: VectorDistance, value: number): number {
  switch (distance) {
    case "cosine":
      return 1 - value;
    case "inner_product":
      return -value;
    case "l2":
      return value;
  }
}

/** Whether a score passes the threshold: similarities at least it, L2 distances at most it. */
export function meetsThreshold(distance: VectorDistance, score: number, threshold: number | undefined): boolean {
  if (threshold === undefined) return true;
  return distance === "l2" ? score <= threshold : score >= threshold;
}
