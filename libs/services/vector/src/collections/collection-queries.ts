import type { Collection, Page } from "@cauldron/contracts";
import { containsPattern, decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

function collectionColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("vector.collections as c")
    .select([
      "c.id",
      "c.name",
      "c.description",
      "c.model_id",
      "c.metadata_schema",
      "c.created_at",
      "c.updated_at",
      sql<number>`(select count(*) from vector.collection_items ci where ci.collection_id = c.id)::int`.as(
        "item_count",
      ),
    ]);
}

type CollectionRow = Awaited<ReturnType<ReturnType<typeof collectionColumns>["executeTakeFirstOrThrow"]>>;

function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    modelId: row.model_id,
    metadataSchema: row.metadata_schema as Record<string, unknown>,
    itemCount: row.item_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One collection of the organization, or undefined when it has no such collection. */
export async function loadCollection(
  trx: Transaction<Database>,
  organizationId: string,
  collectionId: string,
): Promise<Collection | undefined> {
  const row = await collectionColumns(trx)
    .where("c.organization_id", "=", organizationId)
    .where("c.id", "=", collectionId)
    .executeTakeFirst();
  return row && toCollection(row);
}

/** The organization's collections by name, a page at a time, optionally those whose name contains `search`. */
export async function listCollections(
  trx: Transaction<Database>,
  organizationId: string,
  input: { limit: number; cursor?: string; search?: string },
): Promise<Page<Collection>> {
  const after = decodeNameCursor(input.cursor);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await collectionColumns(trx)
    .where("c.organization_id", "=", organizationId)
    .$if(pattern !== null, (query) => query.where(sql`lower(c.name)`, "like", pattern))
    .where(pastNameKey({ name: "c.name", id: "c.id" }, after))
    .orderBy("c.name")
    .orderBy("c.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toCollection, (row) => ({ name: row.name, id: row.id }));
}

/**
 * Deletes a collection and the embeddings no other collection holds; its other embeddings stay
 * with the collections that still hold them. Returns the ids of the embeddings deleted.
 */
export async function deleteCollectionWithEmbeddings(
  trx: Transaction<Database>,
  organizationId: string,
  collectionId: string,
): Promise<string[]> {
  const removed = await trx
    .deleteFrom("vector.embeddings as e")
    .where("e.organization_id", "=", organizationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("vector.collection_items as mine")
          .select("mine.id")
          .whereRef("mine.embedding_id", "=", "e.id")
          .where("mine.collection_id", "=", collectionId),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("vector.collection_items as other")
            .select("other.id")
            .whereRef("other.embedding_id", "=", "e.id")
            .where("other.collection_id", "<>", collectionId),
        ),
      ),
    )
    .returning("e.id")
    .execute();
  await trx
    .deleteFrom("vector.collections")
    .where("organization_id", "=", organizationId)
    .where("id", "=", collectionId)
    .execute();
  return removed.map((row) => row.id);
}

/** Whether `error` is the unique violation of a collection name within its organization. */
export function isCollectionNameTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "collections_organization_id_name_key";
}
