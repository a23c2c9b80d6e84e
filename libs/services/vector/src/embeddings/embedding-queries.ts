import type { Embedding, MetadataFilter } from "@cauldron/contracts";
import { parseVectorLiteral, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { metadataFilterCondition } from "../filters";
import { storedVector } from "../search/vector-distance";

/** Which embeddings a delete by filter reaches; every part given must hold. */
export interface EmbeddingSelection {
  modelId?: string;
  filter?: MetadataFilter;
  entityType?: string;
  entityId?: string;
}

function embeddingColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("vector.embeddings as e")
    .select([
      "e.id",
      "e.model_id",
      "e.content",
      "e.content_hash",
      "e.metadata",
      "e.entity_type",
      "e.entity_id",
      "e.dimensions",
      "e.created_at",
      "e.updated_at",
      sql<
        string[]
      >`array(select ci.collection_id from vector.collection_items ci where ci.embedding_id = e.id order by ci.collection_id)`.as(
        "collection_ids",
      ),
    ]);
}

type EmbeddingRow = Awaited<ReturnType<ReturnType<typeof embeddingColumns>["executeTakeFirstOrThrow"]>> & {
  vector_text?: string;
};

function toEmbedding(row: EmbeddingRow): Embedding {
  return {
    id: row.id,
    modelId: row.model_id,
    content: row.content,
    contentHash: row.content_hash,
    metadata: row.metadata as Record<string, unknown>,
    entityType: row.entity_type,
    entityId: row.entity_id,
    collectionIds: row.collection_ids,
    dimensions: row.dimensions,
    ...(row.vector_text === undefined ? {} : { vector: parseVectorLiteral(row.vector_text) }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The organization's embeddings among `ids`, in the order asked; ids it does not hold are left out. */
export async function loadEmbeddings(
  trx: Transaction<Database>,
  organizationId: string,
  ids: readonly string[],
  includeVectors: boolean,
): Promise<Embedding[]> {
  const rows: EmbeddingRow[] = await embeddingColumns(trx)
    .$if(includeVectors, (query) => query.select(sql<string>`${storedVector}::text`.as("vector_text")))
    .where("e.organization_id", "=", organizationId)
    .where("e.id", "=", sql<string>`any(${[...ids]}::uuid[])`)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, toEmbedding(row)]));
  return [...new Set(ids.map((id) => id.toLowerCase()))].flatMap((id) => byId.get(id) ?? []);
}

/** Deletes the organization's embeddings among `ids`; returns the ids deleted. */
export async function deleteEmbeddingsById(
  trx: Transaction<Database>,
  organizationId: string,
  ids: readonly string[],
): Promise<string[]> {
  const rows = await trx
    .deleteFrom("vector.embeddings")
    .where("organization_id", "=", organizationId)
    .where("id", "=", sql<string>`any(${[...ids]}::uuid[])`)
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

/** Deletes the organization's embeddings that match `selection`, across its models unless one is named. */
export async function deleteEmbeddingsMatching(
  trx: Transaction<Database>,
  organizationId: string,
  selection: EmbeddingSelection,
): Promise<string[]> {
  const rows = await trx
    .deleteFrom("vector.embeddings as e")
    .where("e.organization_id", "=", organizationId)
    .$if(selection.modelId !== undefined, (query) => query.where("e.model_id", "=", selection.modelId!))
    .$if(selection.entityType !== undefined, (query) => query.where("e.entity_type", "=", selection.entityType!))
    .$if(selection.entityId !== undefined, (query) => query.where("e.entity_id", "=", selection.entityId!))
    .$if(selection.filter !== undefined, (query) =>
      query.where(metadataFilterCondition(selection.filter!, sql.ref("e.metadata"))),
    )
    .returning("e.id")
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Takes the collection's embeddings that match `selection` out of it, and deletes those no other
 * collection holds. Returns how many left the collection and the ids of the embeddings deleted.
 */
export async function removeFromCollection(
  trx: Transaction<Database>,
  organizationId: string,
  collectionId: string,
  selection: EmbeddingSelection,
): Promise<{ removed: number; deletedIds: string[] }> {
  const removed = await trx
    .deleteFrom("vector.collection_items as ci")
    .using("vector.embeddings as e")
    .whereRef("e.id", "=", "ci.embedding_id")
    .where("ci.organization_id", "=", organizationId)
    .where("ci.collection_id", "=", collectionId)
    .$if(selection.entityType !== undefined, (query) => query.where("e.entity_type", "=", selection.entityType!))
    .$if(selection.entityId !== undefined, (query) => query.where("e.entity_id", "=", selection.entityId!))
    .$if(selection.filter !== undefined, (query) =>
      query.where(metadataFilterCondition(selection.filter!, sql.ref("e.metadata"))),
    )
    .returning("ci.embedding_id")
    .execute();
  const candidates = removed.map((row) => row.embedding_id);
  if (candidates.length === 0) return { removed: 0, deletedIds: [] };
  const deleted = await trx
    .deleteFrom("vector.embeddings as e")
    .where("e.organization_id", "=", organizationId)
    .where("e.id", "=", sql<string>`any(${candidates}::uuid[])`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("vector.collection_items as other")
            .select("other.id")
            .whereRef("other.embedding_id", "=", "e.id"),
        ),
      ),
    )
    .returning("e.id")
    .execute();
  return { removed: candidates.length, deletedIds: deleted.map((row) => row.id) };
}
