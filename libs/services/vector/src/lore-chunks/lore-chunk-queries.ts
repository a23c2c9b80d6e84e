import type { Database } from "@cauldron/db";
import { sql, type ExpressionBuilder, type Transaction } from "kysely";
import { LORE_CHUNK_ENTITY_TYPE, teamAccessMetadata, type LoreChunkMetadata, type TeamAccess } from "./chunk-access";
import type { StoredChunk } from "./keep-plan";

/*
 * Every query here runs as the system, past Row-Level Security, so each names the organization.
 * A document's rows are found by metadata containment, which the metadata GIN index answers.
 */

type Embeddings = ExpressionBuilder<Database, "vector.embeddings">;

function ofDocument(organizationId: string, documentId: string, extra: Partial<LoreChunkMetadata> = {}) {
  return (eb: Embeddings) =>
    eb.and([
      eb("organization_id", "=", organizationId),
      eb("entity_type", "=", LORE_CHUNK_ENTITY_TYPE),
      eb(sql`metadata`, "@>", sql`${JSON.stringify({ ...extra, documentId })}::jsonb`),
    ]);
}

const storedVersion = sql<number>`(metadata ->> 'version')::int`;
const storedAsOf = sql<Date | null>`(metadata ->> 'teamIdsAsOf')::timestamptz`;

/** Holds the document's chunk embeddings for this transaction: parts of one document are written one at a time. */
export async function lockDocumentChunks(trx: Transaction<Database>, documentId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`vector.lore-chunks:${documentId}`}, 0))`.execute(trx);
}

/** The newest document version any stored chunk embedding belongs to, or null when there is none. */
export async function newestStoredVersion(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<number | null> {
  const row = await trx
    .selectFrom("vector.embeddings")
    .select(sql<number | null>`max(${storedVersion})`.as("version"))
    .where(ofDocument(organizationId, documentId))
    .executeTakeFirst();
  return row?.version ?? null;
}

/** The document's stored embeddings of these chunks, under every model. */
export async function storedChunks(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  chunkIds: readonly string[],
): Promise<StoredChunk[]> {
  if (chunkIds.length === 0) return [];
  const rows = await trx
    .selectFrom("vector.embeddings")
    .select(["id", "model_id", "entity_id", "content"])
    .where(ofDocument(organizationId, documentId))
    .where("entity_id", "in", [...chunkIds])
    .execute();
  return rows.map((row) => ({ id: row.id, modelId: row.model_id, chunkId: row.entity_id ?? "", content: row.content }));
}

/** The team access stored with the document's chunks when it was set after `than`, else undefined. */
export async function newerStoredAccess(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  than: string,
): Promise<TeamAccess | undefined> {
  return trx
    .selectFrom("vector.embeddings")
    .select([
      sql<string[]>`metadata -> 'teamIds'`.as("teamIds"),
      sql<string>`metadata ->> 'teamIdsAsOf'`.as("teamIdsAsOf"),
    ])
    .where(ofDocument(organizationId, documentId))
    .where(storedAsOf, ">", sql<Date>`${than}::timestamptz`)
    .orderBy(storedAsOf, "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Stores embeddings under the chunks named (their text is unchanged) and stamps them with the new metadata. */
export async function moveChunkEmbeddings(
  trx: Transaction<Database>,
  organizationId: string,
  moves: readonly { embeddingId: string; toChunkId: string }[],
  metadata: LoreChunkMetadata,
): Promise<void> {
  if (moves.length === 0) return;
  await sql`
    update vector.embeddings as e
    set entity_id = moved.chunk_id, metadata = ${JSON.stringify(metadata)}::jsonb
    from unnest(${moves.map((move) => move.embeddingId)}::uuid[], ${moves.map((move) => move.toChunkId)}::uuid[])
      as moved (id, chunk_id)
    where e.organization_id = ${organizationId} and e.id = moved.id
  `.execute(trx);
}

/** The parts of `version` that have chunk embeddings stored. */
export async function storedParts(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  version: number,
): Promise<number[]> {
  const rows = await trx
    .selectFrom("vector.embeddings")
    .select(sql<number>`(metadata ->> 'part')::int`.as("part"))
    .distinct()
    .where(ofDocument(organizationId, documentId, { version }))
    .execute();
  return rows.map((row) => row.part);
}

/** Deletes the document's chunk embeddings of versions before `version`; returns how many went. */
export async function deleteOlderVersions(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  version: number,
): Promise<number> {
  const deleted = await trx
    .deleteFrom("vector.embeddings")
    .where(ofDocument(organizationId, documentId))
    .where(storedVersion, "<", version)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Deletes the document's chunk embeddings stored under `chunkIds`, under every model; returns how many went. */
export async function deleteChunkEmbeddings(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  chunkIds: readonly string[],
): Promise<number> {
  if (chunkIds.length === 0) return 0;
  const deleted = await trx
    .deleteFrom("vector.embeddings")
    .where(ofDocument(organizationId, documentId))
    .where("entity_id", "in", [...chunkIds])
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Deletes every chunk embedding of the document; returns how many went. */
export async function deleteDocumentChunks(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<number> {
  const deleted = await trx
    .deleteFrom("vector.embeddings")
    .where(ofDocument(organizationId, documentId))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Sets the team access of the document's chunk embeddings whose stored access is older; returns how many changed. */
export async function setChunkTeamAccess(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  access: TeamAccess,
): Promise<number> {
  const updated = await trx
    .updateTable("vector.embeddings")
    .set({ metadata: sql`metadata || ${JSON.stringify(teamAccessMetadata(access))}::jsonb` })
    .where(ofDocument(organizationId, documentId))
    .where(sql<boolean>`coalesce(${storedAsOf} < ${access.teamIdsAsOf}::timestamptz, true)`)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}
