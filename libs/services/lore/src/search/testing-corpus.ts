import { randomBytes } from "node:crypto";
import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { canonicalName } from "../graph/canonical-name";
import type { LoreTestKit, LoreTestUser } from "../testing";

/** A passage to seed: its text, and the headings it sits under. */
export type PassageSeed = string | { content: string; headingPath: string[] };

/** A document to seed: its current passages (the text is them joined by blank lines), and more. */
export interface DocumentSeed {
  title: string;
  passages: PassageSeed[];
  status?: "draft" | "published" | "archived";
  teamIds?: string[];
  categoryIds?: string[];
  tagIds?: string[];
  /** The passages of a first version; the document is then at version 2. */
  previousPassages?: PassageSeed[];
}

export interface SeededDocument {
  id: string;
  title: string;
  version: number;
  teamIds: string[];
  /** The current version's chunks, in order. */
  chunks: { id: string; content: string }[];
  /** The previous version's chunks, if it has one. */
  previousChunks: { id: string; content: string }[];
}

const PASSAGE_SEPARATOR = "\n\n";

function textOf(passages: PassageSeed[]): string {
  return passages.map((passage) => (typeof passage === "string" ? passage : passage.content)).join(PASSAGE_SEPARATOR);
}

async function insertChunks(
  db: Kysely<Database>,
  owner: { organizationId: string; documentId: string; version: number },
  passages: PassageSeed[],
): Promise<{ id: string; content: string }[]> {
  let offset = 0;
  const rows = passages.map((passage, index) => {
    const { content, headingPath } = typeof passage === "string" ? { content: passage, headingPath: [] } : passage;
    const start = offset;
    offset += content.length + PASSAGE_SEPARATOR.length;
    return {
      organization_id: owner.organizationId,
      document_id: owner.documentId,
      version: owner.version,
      chunk_index: index,
      content,
      start_offset: start,
      end_offset: start + content.length,
      heading_path: headingPath,
    };
  });
  if (rows.length === 0) return [];
  return db.insertInto("lore.document_chunks").values(rows).returning(["id", "content"]).execute();
}

/**
 * Seeds lore rows for search tests straight into the test database (as the owner, past RLS):
 * documents with versions, chunks, classification and teams; entities, mentions and
 * relationships; and chunk embeddings in the vector service, as its lore consumer writes them.
 */
export function searchCorpus(kit: LoreTestKit, organizationId: string) {
  const db = kit.database.ownerDb;
  const organization_id = organizationId;

  async function entityTypeId(name: string): Promise<string> {
    const found = await db
      .selectFrom("lore.entity_types")
      .select("id")
      .where("organization_id", "=", organizationId)
      .where("name", "=", name)
      .executeTakeFirst();
    if (found) return found.id;
    const created = await db
      .insertInto("lore.entity_types")
      .values({ organization_id, name })
      .returning("id")
      .executeTakeFirstOrThrow();
    return created.id;
  }

  async function relationshipTypeId(name: string): Promise<string> {
    const found = await db
      .selectFrom("lore.relationship_types")
      .select("id")
      .where("organization_id", "=", organizationId)
      .where("name", "=", name)
      .executeTakeFirst();
    if (found) return found.id;
    const created = await db
      .insertInto("lore.relationship_types")
      .values({ organization_id, name })
      .returning("id")
      .executeTakeFirstOrThrow();
    return created.id;
  }

  return {
    async document(seed: DocumentSeed): Promise<SeededDocument> {
      const version = seed.previousPassages ? 2 : 1;
      const document = await db
        .insertInto("lore.documents")
        .values({
          organization_id,
          title: seed.title,
          content: textOf(seed.passages),
          status: seed.status ?? "published",
          current_version: version,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const owner = { organizationId, documentId: document.id };
      const versions = seed.previousPassages ? [seed.previousPassages, seed.passages] : [seed.passages];
      await db
        .insertInto("lore.document_versions")
        .values(
          versions.map((passages, index) => ({
            organization_id,
            document_id: document.id,
            version: index + 1,
            title: seed.title,
            content: textOf(passages),
          })),
        )
        .execute();
      const previousChunks = seed.previousPassages
        ? await insertChunks(db, { ...owner, version: 1 }, seed.previousPassages)
        : [];
      const chunks = await insertChunks(db, { ...owner, version }, seed.passages);
      const teamIds = seed.teamIds ?? [];
      if (teamIds.length > 0) {
        await db
          .insertInto("lore.document_teams")
          .values(teamIds.map((team_id) => ({ organization_id, document_id: document.id, team_id })))
          .execute();
      }
      for (const category_id of seed.categoryIds ?? []) {
        await db
          .insertInto("lore.document_category_associations")
          .values({ organization_id, document_id: document.id, category_id })
          .execute();
      }
      for (const tag_id of seed.tagIds ?? []) {
        await db
          .insertInto("lore.document_tag_associations")
          .values({ organization_id, document_id: document.id, tag_id })
          .execute();
      }
      return { id: document.id, title: seed.title, version, teamIds, chunks, previousChunks };
    },

    async category(name: string, parentId: string | null = null): Promise<string> {
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(3).toString("hex")}`;
      const row = await db
        .insertInto("lore.document_categories")
        .values({ organization_id, name, slug, parent_id: parentId })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async tag(name: string): Promise<string> {
      const row = await db
        .insertInto("lore.document_tags")
        .values({ organization_id, name })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async entity(seed: { name: string; type: string; aliases?: string[] }): Promise<string> {
      const row = await db
        .insertInto("lore.entities")
        .values({
          organization_id,
          type_id: await entityTypeId(seed.type),
          name: seed.name,
          canonical_name: canonicalName(seed.name),
          aliases: seed.aliases ?? [],
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Records that chunk `chunkIndex` of the document's current version mentions the entity. */
    async mention(entityId: string, document: SeededDocument, chunkIndex: number): Promise<void> {
      const chunk = document.chunks[chunkIndex]!;
      await db
        .insertInto("lore.entity_mentions")
        .values({
          organization_id,
          entity_id: entityId,
          document_id: document.id,
          chunk_id: chunk.id,
          start_offset: 0,
          end_offset: Math.min(chunk.content.length, 10),
          mention_text: chunk.content.slice(0, 10),
        })
        .execute();
      await db
        .insertInto("lore.entity_document_associations")
        .values({ organization_id, entity_id: entityId, document_id: document.id, mention_count: 1 })
        .onConflict((conflict) =>
          conflict
            .columns(["entity_id", "document_id"])
            .doUpdateSet((eb) => ({ mention_count: eb("lore.entity_document_associations.mention_count", "+", 1) })),
        )
        .execute();
    },

    async relate(sourceEntityId: string, typeName: string, targetEntityId: string): Promise<void> {
      await db
        .insertInto("lore.relationships")
        .values({
          organization_id,
          source_entity_id: sourceEntityId,
          target_entity_id: targetEntityId,
          type_id: await relationshipTypeId(typeName),
        })
        .execute();
    },

    /**
     * Embeds chunks through the vector service as `user`, with the metadata the vector service's
     * lore consumer gives them (`teamIds`, `restricted` and `version` may be overridden to play
     * stale metadata). The public upsert takes no dotted entityType, so the rows are renamed after.
     */
    async embed(
      user: LoreTestUser,
      document: SeededDocument,
      options: {
        chunks?: { id: string; content: string }[];
        version?: number;
        teamIds?: string[];
        restricted?: boolean;
      } = {},
    ): Promise<void> {
      const teamIds = options.teamIds ?? document.teamIds;
      const chunks = options.chunks ?? document.chunks;
      const vector = await kit.vectorAs(user, organizationId);
      // The organizations of these tests embed with the platform's default model.
      const model = await db
        .selectFrom("vector.embedding_models")
        .select("id")
        .where("organization_id", "is", null)
        .where("is_default", "=", true)
        .executeTakeFirstOrThrow();
      await vector.vector.embeddings.upsert.mutate({
        modelId: model.id,
        items: chunks.map((chunk) => ({
          content: chunk.content,
          entityType: "lore_chunk",
          entityId: chunk.id,
          metadata: {
            documentId: document.id,
            version: options.version ?? document.version,
            teamIds,
            restricted: options.restricted ?? teamIds.length > 0,
          },
        })),
      });
      await db
        .updateTable("vector.embeddings")
        .set({ entity_type: "lore.chunk" })
        .where("organization_id", "=", organizationId)
        .where("entity_type", "=", "lore_chunk")
        .execute();
    },
  };
}

/** The seeding helpers of one organization. */
export type SearchCorpus = ReturnType<typeof searchCorpus>;
