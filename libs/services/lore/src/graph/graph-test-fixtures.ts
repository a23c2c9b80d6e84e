import type { LoreTestKit } from "../testing";

/** A lore client as a test kit hands it out. */
export type LoreClient = ReturnType<LoreTestKit["as"]>;

/** An id no organization uses. */
export const UNKNOWN_ID = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";

/** A document of the organization, restricted to `teamIds` when given (documents have procedures of their own). */
export async function insertDocument(
  kit: LoreTestKit,
  organizationId: string,
  title: string,
  teamIds: string[] = [],
): Promise<string> {
  const document = await kit.database.ownerDb
    .insertInto("lore.documents")
    .values({ organization_id: organizationId, title, content: `${title} text` })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const teamId of teamIds) {
    await kit.database.ownerDb
      .insertInto("lore.document_teams")
      .values({ organization_id: organizationId, document_id: document.id, team_id: teamId })
      .execute();
  }
  return document.id;
}

/** A chunk of a document, to cite as a relationship's evidence. */
export async function insertChunk(kit: LoreTestKit, organizationId: string, documentId: string): Promise<string> {
  const chunk = await kit.database.ownerDb
    .insertInto("lore.document_chunks")
    .values({
      organization_id: organizationId,
      document_id: documentId,
      version: 1,
      chunk_index: 0,
      content: "evidence",
      start_offset: 0,
      end_offset: 8,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return chunk.id;
}

/** `count` mentions of an entity in a document and the association that counts them, as extraction writes them. */
export async function mentionIn(
  kit: LoreTestKit,
  organizationId: string,
  entityId: string,
  documentId: string,
  count = 1,
): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await kit.database.ownerDb
      .insertInto("lore.entity_mentions")
      .values({
        organization_id: organizationId,
        entity_id: entityId,
        document_id: documentId,
        start_offset: index * 10,
        end_offset: index * 10 + 5,
        mention_text: "name",
      })
      .execute();
  }
  await kit.database.ownerDb
    .insertInto("lore.entity_document_associations")
    .values({ organization_id: organizationId, entity_id: entityId, document_id: documentId, mention_count: count })
    .execute();
}

/** The actions of the audit rows about one target, oldest first. */
export async function auditActions(kit: LoreTestKit, targetId: string): Promise<string[]> {
  const rows = await kit.database.ownerDb
    .selectFrom("audit.audit_logs")
    .select("action")
    .where("target_id", "=", targetId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.action);
}
