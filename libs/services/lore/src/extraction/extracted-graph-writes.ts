import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/*
 * Writes of extracted entities and relationships. The transaction is a system one (RLS bypassed),
 * so every statement names the organization itself. Rows are written in a fixed order (sorted
 * keys) so concurrent extractions of different documents lock shared rows in the same order.
 */

/** What marks an entity as created by extraction, so it may be removed once nothing names it. */
export const EXTRACTION_ORIGIN = { origin: "extraction" } as const;

/** An entity to find or create: its type and the name it was first seen under. */
export interface EntityToEnsure {
  typeId: string;
  name: string;
  canonicalName: string;
}

/** The key an entity is unique under within its organization. */
export function entityKey(typeId: string, canonicalName: string): string {
  return `${typeId}\u0000${canonicalName}`;
}

const ROWS_PER_STATEMENT = 1_000;

function inBatches<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let from = 0; from < items.length; from += ROWS_PER_STATEMENT) {
    batches.push(items.slice(from, from + ROWS_PER_STATEMENT));
  }
  return batches;
}

/**
 * The ids of the organization's types (entity or relationship) by name, creating the missing ones.
 * A type someone named with other capitals ("Person") is used rather than doubled.
 */
async function ensureNamed(
  trx: Transaction<Database>,
  table: "lore.entity_types" | "lore.relationship_types",
  organizationId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(names)].sort();
  if (wanted.length === 0) return new Map();
  const existing = () =>
    trx
      .selectFrom(table)
      .select(["id", "name"])
      .where("organization_id", "=", organizationId)
      .where(sql<boolean>`lower(name) = any(${wanted}::text[])`)
      // An exact match first, then the oldest spelling.
      .orderBy(sql`name = any(${wanted}::text[])`, "desc")
      .orderBy("created_at")
      .execute();
  const ids = new Map<string, string>();
  const take = (rows: { id: string; name: string }[]) => {
    for (const row of rows) {
      const name = row.name.toLowerCase();
      if (!ids.has(name)) ids.set(name, row.id);
    }
  };
  take(await existing());
  const missing = wanted.filter((name) => !ids.has(name));
  if (missing.length > 0) {
    await trx
      .insertInto(table)
      .values(missing.map((name) => ({ organization_id: organizationId, name })))
      .onConflict((conflict) => conflict.columns(["organization_id", "name"]).doNothing())
      .execute();
    take(await existing());
  }
  return ids;
}

/** The ids of the organization's entity types by name, creating the missing ones. */
export function ensureEntityTypes(
  trx: Transaction<Database>,
  organizationId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  return ensureNamed(trx, "lore.entity_types", organizationId, names);
}

/** The ids of the organization's relationship types by name, creating the missing ones. */
export function ensureRelationshipTypes(
  trx: Transaction<Database>,
  organizationId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  return ensureNamed(trx, "lore.relationship_types", organizationId, names);
}

/**
 * The ids of entities by entityKey(type, canonical name), creating the missing ones as extracted
 * (properties.origin "extraction"); an existing entity is used as it is.
 */
export async function ensureEntities(
  trx: Transaction<Database>,
  organizationId: string,
  entities: readonly EntityToEnsure[],
): Promise<Map<string, string>> {
  const unique = new Map<string, EntityToEnsure>();
  for (const entity of entities) unique.set(entityKey(entity.typeId, entity.canonicalName), entity);
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entity]) => entity);
  const ids = new Map<string, string>();
  for (const batch of inBatches(sorted)) {
    await trx
      .insertInto("lore.entities")
      .values(
        batch.map((entity) => ({
          organization_id: organizationId,
          type_id: entity.typeId,
          name: entity.name,
          canonical_name: entity.canonicalName,
          properties: JSON.stringify(EXTRACTION_ORIGIN),
        })),
      )
      .onConflict((conflict) => conflict.columns(["organization_id", "type_id", "canonical_name"]).doNothing())
      .execute();
    const { rows } = await sql<{ id: string; type_id: string; canonical_name: string }>`
      select e.id, e.type_id, e.canonical_name
      from lore.entities e
      join unnest(${batch.map((entity) => entity.typeId)}::uuid[], ${batch.map((entity) => entity.canonicalName)}::text[])
        as wanted (type_id, canonical_name)
        on wanted.type_id = e.type_id and wanted.canonical_name = e.canonical_name
      where e.organization_id = ${organizationId}
    `.execute(trx);
    for (const row of rows) ids.set(entityKey(row.type_id, row.canonical_name), row.id);
  }
  return ids;
}

/** A mention to store, at offsets into the document's text. */
export interface MentionRow {
  entityId: string;
  chunkId: string;
  start: number;
  end: number;
  text: string;
  confidence: number;
}

/** Stores mentions of one document. */
export async function insertMentions(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  mentions: readonly MentionRow[],
): Promise<void> {
  for (const batch of inBatches(mentions)) {
    await trx
      .insertInto("lore.entity_mentions")
      .values(
        batch.map((mention) => ({
          organization_id: organizationId,
          entity_id: mention.entityId,
          document_id: documentId,
          chunk_id: mention.chunkId,
          start_offset: mention.start,
          end_offset: mention.end,
          mention_text: mention.text,
          confidence: mention.confidence,
        })),
      )
      .execute();
  }
}

/** A relationship to store or strengthen, evidenced by one chunk. */
export interface RelationshipRow {
  sourceEntityId: string;
  targetEntityId: string;
  typeId: string;
  confidence: number;
  evidenceChunkId: string;
}

/**
 * Creates relationships, or raises an existing one's confidence to the larger of the two; the
 * evidence moves to the chunk that gave the larger confidence (or fills a missing one).
 */
export async function upsertRelationships(
  trx: Transaction<Database>,
  organizationId: string,
  relationships: readonly RelationshipRow[],
): Promise<void> {
  const unique = new Map<string, RelationshipRow>();
  for (const row of relationships) {
    const key = `${row.sourceEntityId}:${row.targetEntityId}:${row.typeId}`;
    const known = unique.get(key);
    if (!known || row.confidence > known.confidence) unique.set(key, row);
  }
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  for (const batch of inBatches(sorted)) {
    await trx
      .insertInto("lore.relationships")
      .values(
        batch.map((row) => ({
          organization_id: organizationId,
          source_entity_id: row.sourceEntityId,
          target_entity_id: row.targetEntityId,
          type_id: row.typeId,
          confidence: row.confidence,
          evidence_chunk_id: row.evidenceChunkId,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(["source_entity_id", "target_entity_id", "type_id"]).doUpdateSet({
          confidence: sql`greatest(lore.relationships.confidence, excluded.confidence)`,
          evidence_chunk_id: sql`case
            when lore.relationships.evidence_chunk_id is null or excluded.confidence >= lore.relationships.confidence
            then excluded.evidence_chunk_id else lore.relationships.evidence_chunk_id end`,
        }),
      )
      .execute();
  }
}
