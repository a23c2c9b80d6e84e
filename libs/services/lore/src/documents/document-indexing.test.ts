import type { EventPayload } from "@cauldron/events";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { longMarkdown } from "./document-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
// The kit runs both services with their workers: vector embeds each chunk part and answers it,
// lore's index-status consumer records the answers.
beforeAll(async () => {
  kit = await startLoreTestKit();
  org = await kit.createOrganization("indexed");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

async function indexedVersion(documentId: string, version: number) {
  await vi.waitFor(
    async () => {
      const { index } = await asOwner().lore.documents.get.query({ id: documentId });
      expect(index).toEqual({ status: "indexed", error: null, indexedVersion: version });
    },
    { timeout: 30_000, interval: 100 },
  );
}

async function answers(documentId: string, version: number): Promise<EventPayload<"document_chunks.embedded">[]> {
  const rows = await kit.database.ownerDb
    .selectFrom("integration.outbox")
    .select("payload")
    .where("event_type", "=", "document_chunks.embedded")
    .where(sql<boolean>`payload->>'documentId' = ${documentId}`)
    .where(sql<boolean>`(payload->>'version')::int = ${version}`)
    .execute();
  return rows.map((row) => row.payload as EventPayload<"document_chunks.embedded">);
}

describe("indexing a document end to end", () => {
  it("reaches indexed once the vector service embedded its chunks, and reuses unchanged chunks' embeddings for the next version", async () => {
    const original = longMarkdown(8);
    const created = await asOwner().lore.documents.create.mutate({
      title: "Field guide",
      content: original,
      contentType: "text/markdown",
    });
    expect(created.index.status).toBe("pending");
    await indexedVersion(created.id, 1);
    const chunkCount = (await asOwner().lore.documents.chunks.query({ id: created.id })).chunks.length;
    expect((await answers(created.id, 1)).reduce((sum, answer) => sum + answer.embedded, 0)).toBe(chunkCount);

    await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      content: original.replace("Paragraph 2 of section 5:", "Paragraph 2 of section 5, amended:"),
    });
    await indexedVersion(created.id, 2);
    const [answer] = await answers(created.id, 2);
    expect(answer?.outcome).toBe("indexed");
    expect(answer?.reused).toBeGreaterThan(0);
    expect(answer?.embedded).toBeGreaterThan(0);
    expect(answer?.embedded).toBeLessThan(answer?.reused ?? 0);
  });
});
