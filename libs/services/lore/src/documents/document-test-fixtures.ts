import { randomBytes } from "node:crypto";
import type { EventName, EventPayload } from "@cauldron/events";
import { sql } from "kysely";
import type { LoreTestKit } from "../testing";

/** A category of the organization, written as its owner would (the taxonomy has procedures of its own). */
export async function insertCategory(
  kit: LoreTestKit,
  organizationId: string,
  name: string,
  parentId: string | null = null,
): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(3).toString("hex")}`;
  const row = await kit.database.ownerDb
    .insertInto("lore.document_categories")
    .values({ organization_id: organizationId, name, slug, parent_id: parentId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A tag of the organization. */
export async function insertTag(kit: LoreTestKit, organizationId: string, name: string): Promise<string> {
  const row = await kit.database.ownerDb
    .insertInto("lore.document_tags")
    .values({ organization_id: organizationId, name })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The payloads of the events of `type` published about a document, oldest first. */
export async function publishedEvents<N extends EventName>(
  kit: LoreTestKit,
  type: N,
  documentId: string,
): Promise<EventPayload<N>[]> {
  const rows = await kit.database.ownerDb
    .selectFrom("integration.outbox")
    .select("payload")
    .where("event_type", "=", type)
    .where(sql<boolean>`payload->>'documentId' = ${documentId}`)
    .orderBy("position")
    .execute();
  return rows.map((row) => row.payload as EventPayload<N>);
}

/** A long markdown document: `sections` headed sections of distinct paragraphs. */
export function longMarkdown(sections: number): string {
  return Array.from({ length: sections }, (_, section) => {
    const paragraphs = Array.from(
      { length: 3 },
      (_, paragraph) =>
        `Paragraph ${paragraph} of section ${section}: ` +
        Array.from({ length: 40 }, (_, word) => `word${section}x${paragraph}x${word}`).join(" ") +
        ".",
    );
    return `## Section ${section}\n\n${paragraphs.join("\n\n")}`;
  }).join("\n\n");
}
