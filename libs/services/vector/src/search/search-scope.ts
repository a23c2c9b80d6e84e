import type { MetadataFilter } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { type ExpressionBuilder, type Expression, type SqlBool, sql } from "kysely";
import { metadataFilterCondition } from "../filters";

/** Which rows a search may return: one organization's rows of one model, narrowed by the caller. */
export interface SearchScope {
  organizationId: string;
  modelId: string;
  collectionId?: string;
  entityType?: string;
  entityIds?: readonly string[];
  filter?: MetadataFilter;
}

type EmbeddingsBuilder = ExpressionBuilder<Database & { e: Database["vector.embeddings"] }, "e">;

/**
 * The conditions on `vector.embeddings as e` every part of a search shares (vector candidates,
 * full-text candidates, loaded hits), so no part sees rows another would not. RLS adds the
 * organization again; `model_id = $id` is also the predicate of the model's partial HNSW index.
 */
export function inScope(scope: SearchScope) {
  return (eb: EmbeddingsBuilder): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [
      eb("e.organization_id", "=", scope.organizationId),
      eb("e.model_id", "=", scope.modelId),
    ];
    if (scope.entityType !== undefined) conditions.push(eb("e.entity_type", "=", scope.entityType));
    if (scope.entityIds !== undefined) conditions.push(sql<SqlBool>`e.entity_id = any(${scope.entityIds}::uuid[])`);
    if (scope.collectionId !== undefined) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom("vector.collection_items as ci")
            .select("ci.id")
            .whereRef("ci.embedding_id", "=", "e.id")
            .where("ci.collection_id", "=", scope.collectionId),
        ),
      );
    }
    if (scope.filter !== undefined) conditions.push(metadataFilterCondition(scope.filter, sql.ref("e.metadata")));
    return eb.and(conditions);
  };
}
