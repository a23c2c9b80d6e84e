import type { SearchHit, VectorDistance } from "@cauldron/contracts";
import { parseVectorLiteral } from "@cauldron/db";
import type { ScoredEmbedding } from "./nearest-embeddings";
import { scoreOf } from "./vector-distance";

function metadataOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A row as a hit: its score by the model's distance, the fused score in hybrid search. */
export function toSearchHit(row: ScoredEmbedding, distance: VectorDistance, fusedScore: number | null): SearchHit {
  return {
    id: row.id,
    content: row.content,
    metadata: metadataOf(row.metadata),
    entityType: row.entity_type,
    entityId: row.entity_id,
    score: scoreOf(distance, row.distance),
    fusedScore,
    ...(row.embedding !== undefined ? { vector: parseVectorLiteral(row.embedding) } : {}),
  };
}
