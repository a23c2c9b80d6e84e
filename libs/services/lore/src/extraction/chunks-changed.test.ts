import { withSystem } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLoreConfig } from "../lore-config";
import { createBuiltinExtractor } from "./builtin-extractor";
import { handleChunksChanged } from "./chunks-changed";
import { defaultExtractors, EXTRACTION_CONSUMER_GROUP, extractionConsumer } from "./extraction-consumer";
import {
  associationsOf,
  mentionsOf,
  partOf,
  recording,
  seedDocument,
  seedOrganization,
  seedVersion,
  systemRunner,
} from "./extraction-test-seed";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

const FIRST =
  "Ada Lovelace wrote to Charles Babbage in Turin.\n\nGrace Hopper lived in New York.\n\nAlan Turing visited Paris.";
const SECOND =
  "Ada Lovelace wrote to Michael Faraday, at length.\n\nGrace Hopper lived in New York.\n\nAlan Turing visited Paris.";

async function expectExactMentions(documentId: string, text: string) {
  const mentions = await mentionsOf(database.ownerDb, documentId);
  for (const mention of mentions)
    expect(text.slice(mention.start_offset, mention.end_offset)).toBe(mention.mention_text);
  return mentions;
}

async function entityNames(organizationId: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from lore.entities where organization_id = ${organizationId} order by name
  `.execute(database.ownerDb);
  return rows.map((row) => row.name);
}

describe("handling chunks.changed", () => {
  it("extracts a new document's chunks and counts each entity's mentions per document", async () => {
    const organizationId = await seedOrganization(database.db, "first");
    const text = `${FIRST}\n\nLater, Ada Lovelace met Grace Hopper.`;
    const { documentId, chunks } = await seedDocument(database.db, organizationId, text);
    const extractor = recording(createBuiltinExtractor());

    const outcome = await handleChunksChanged(
      partOf(organizationId, documentId, 1, chunks),
      systemRunner(database.db),
      [extractor],
    );

    expect(outcome).toBe("recorded");
    expect(extractor.texts).toEqual(chunks.map((chunk) => chunk.content));
    const mentions = await expectExactMentions(documentId, text);
    expect(mentions.map((mention) => mention.mention_text)).toEqual(
      expect.arrayContaining(["Ada Lovelace", "Charles Babbage", "Grace Hopper", "Paris"]),
    );
    expect(await associationsOf(database.ownerDb, documentId)).toMatchObject({
      "Ada Lovelace": 2,
      "Grace Hopper": 2,
      "Charles Babbage": 1,
    });
  });

  it("gives kept chunks the earlier mentions at their new offsets without extracting them again", async () => {
    const organizationId = await seedOrganization(database.db, "keep");
    const curated = await withSystem(database.db, async (trx) => {
      const type = await trx
        .insertInto("lore.entity_types")
        .values({ organization_id: organizationId, name: "person" })
        .returning("id")
        .executeTakeFirstOrThrow();
      return trx
        .insertInto("lore.entities")
        .values({
          organization_id: organizationId,
          type_id: type.id,
          name: "Charles Babbage",
          canonical_name: "charles babbage",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    });
    const { documentId, chunks: first } = await seedDocument(database.db, organizationId, FIRST);
    const runner = systemRunner(database.db);
    await handleChunksChanged(partOf(organizationId, documentId, 1, first), runner, [createBuiltinExtractor()]);
    expect(await entityNames(organizationId)).toEqual(expect.arrayContaining(["Charles Babbage", "Turin"]));

    const second = await seedVersion(database.db, organizationId, documentId, 2, SECOND);
    const extractor = recording(createBuiltinExtractor());
    await handleChunksChanged(partOf(organizationId, documentId, 2, second, first), runner, [extractor]);

    expect(extractor.texts).toEqual([second[0]!.content]);
    const mentions = await expectExactMentions(documentId, SECOND);
    expect(new Set(mentions.map((mention) => mention.chunk_id))).toEqual(new Set(second.map((chunk) => chunk.id)));
    expect(mentions.map((mention) => mention.mention_text)).toEqual(
      expect.arrayContaining(["Ada Lovelace", "Michael Faraday", "Grace Hopper", "Alan Turing", "Paris"]),
    );
    expect(mentions.some((mention) => mention.entity_id === curated.id)).toBe(false);
    const associations = await associationsOf(database.ownerDb, documentId);
    expect(associations).toMatchObject({ "Michael Faraday": 1, "Grace Hopper": 1 });
    expect(associations).not.toHaveProperty("Charles Babbage");
    const names = await entityNames(organizationId);
    // Turin was only ever extracted from the replaced paragraph; Charles Babbage was entered by someone.
    expect(names).not.toContain("Turin");
    expect(names).toContain("Charles Babbage");
    expect(names).toContain("Michael Faraday");
  });

  it("ends in the same state whichever order a version's parts arrive in", async () => {
    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      const organizationId = await seedOrganization(database.db, `order${order.join("")}`);
      const { documentId, chunks: first } = await seedDocument(database.db, organizationId, FIRST);
      const runner = systemRunner(database.db);
      await handleChunksChanged(partOf(organizationId, documentId, 1, first), runner, [createBuiltinExtractor()]);
      const second = await seedVersion(database.db, organizationId, documentId, 2, SECOND);
      const parts = [
        partOf(organizationId, documentId, 2, second.slice(0, 1), first, { part: 0, parts: 2 }),
        partOf(organizationId, documentId, 2, second.slice(1), first, { part: 1, parts: 2 }),
      ];
      const extractor = recording(createBuiltinExtractor());

      for (const index of order) await handleChunksChanged(parts[index]!, runner, [extractor]);

      expect(extractor.texts).toEqual([second[0]!.content]);
      const mentions = await expectExactMentions(documentId, SECOND);
      expect(mentions.every((mention) => second.some((chunk) => chunk.id === mention.chunk_id))).toBe(true);
      expect(mentions.map((mention) => mention.mention_text)).toEqual(
        expect.arrayContaining(["Michael Faraday", "Grace Hopper", "Alan Turing", "Paris"]),
      );
      expect(await entityNames(organizationId)).not.toContain("Turin");
    }
  });

  it("changes nothing for a part of a version the document has moved past, or of a deleted document", async () => {
    const organizationId = await seedOrganization(database.db, "outdated");
    const { documentId, chunks: first } = await seedDocument(database.db, organizationId, FIRST);
    await seedVersion(database.db, organizationId, documentId, 2, SECOND);
    const extractor = recording(createBuiltinExtractor());
    const runner = systemRunner(database.db);

    expect(await handleChunksChanged(partOf(organizationId, documentId, 1, first), runner, [extractor])).toBe(
      "outdated",
    );
    await withSystem(database.db, (trx) => trx.deleteFrom("lore.documents").where("id", "=", documentId).execute());
    expect(await handleChunksChanged(partOf(organizationId, documentId, 2, first), runner, [extractor])).toBe(
      "outdated",
    );

    expect(extractor.texts).toEqual([]);
    expect(await entityNames(organizationId)).toEqual([]);
  });

  it("takes a kept chunk's mentions from an older version when the version in between was skipped", async () => {
    const organizationId = await seedOrganization(database.db, "skipped");
    const { documentId, chunks: first } = await seedDocument(database.db, organizationId, FIRST);
    const runner = systemRunner(database.db);
    await handleChunksChanged(partOf(organizationId, documentId, 1, first), runner, [createBuiltinExtractor()]);
    const second = await seedVersion(database.db, organizationId, documentId, 2, SECOND);
    const third = await seedVersion(database.db, organizationId, documentId, 3, `Preface.\n\n${SECOND}`);
    const extractor = recording(createBuiltinExtractor());

    expect(await handleChunksChanged(partOf(organizationId, documentId, 2, second, first), runner, [extractor])).toBe(
      "outdated",
    );
    await handleChunksChanged(partOf(organizationId, documentId, 3, third, second), runner, [extractor]);

    // "Preface." is new; the Faraday paragraph was never extracted (version 2 was skipped).
    expect(extractor.texts).toEqual([third[0]!.content, third[1]!.content]);
    const mentions = await expectExactMentions(documentId, `Preface.\n\n${SECOND}`);
    expect(mentions.every((mention) => third.some((chunk) => chunk.id === mention.chunk_id))).toBe(true);
    expect(mentions.map((mention) => mention.mention_text)).toEqual(
      expect.arrayContaining(["Michael Faraday", "Grace Hopper", "Alan Turing"]),
    );
  });

  it("is harmless when a part is handled twice", async () => {
    const organizationId = await seedOrganization(database.db, "twice");
    const { documentId, chunks: first } = await seedDocument(database.db, organizationId, FIRST);
    const runner = systemRunner(database.db);
    await handleChunksChanged(partOf(organizationId, documentId, 1, first), runner, [createBuiltinExtractor()]);
    const second = await seedVersion(database.db, organizationId, documentId, 2, SECOND);
    const part = partOf(organizationId, documentId, 2, second, first);

    await handleChunksChanged(part, runner, [createBuiltinExtractor()]);
    const once = await mentionsOf(database.ownerDb, documentId);
    const associations = await associationsOf(database.ownerDb, documentId);
    await handleChunksChanged(part, runner, [createBuiltinExtractor()]);

    const twice = await mentionsOf(database.ownerDb, documentId);
    const strip = (rows: typeof once) => rows.map(({ entity_id: _id, ...rest }) => rest);
    expect(strip(twice)).toEqual(strip(once));
    expect(await associationsOf(database.ownerDb, documentId)).toEqual(associations);
  });

  it("fails the part when an extractor fails, recording nothing", async () => {
    const organizationId = await seedOrganization(database.db, "failing");
    const { documentId, chunks } = await seedDocument(database.db, organizationId, FIRST);
    const failing = {
      name: "failing",
      extract: () => Promise.reject(new Error("the model is unavailable")),
    };

    await expect(
      handleChunksChanged(partOf(organizationId, documentId, 1, chunks), systemRunner(database.db), [
        createBuiltinExtractor(),
        failing,
      ]),
    ).rejects.toThrow("the model is unavailable");
    expect(await mentionsOf(database.ownerDb, documentId)).toEqual([]);
  });
});

describe("the extraction consumer", () => {
  it("handles lore's chunks.changed parts, detached, in its own group", () => {
    const worker = extractionConsumer(loadLoreConfig({}));

    expect(worker.kind).toBe("consumer");
    expect(worker.group).toBe(EXTRACTION_CONSUMER_GROUP);
    expect(Object.keys(worker.handlers)).toEqual(["chunks.changed"]);
    expect(worker.handlers["chunks.changed"]).toHaveProperty("detached");
  });

  it("uses the chat extractor beside the built-in one only when its URL is set", () => {
    expect(defaultExtractors(loadLoreConfig({})).map((extractor) => extractor.name)).toEqual(["builtin"]);
    const configured = loadLoreConfig({ LORE_CHAT_EXTRACTOR_URL: "http://127.0.0.1:9/v1" });
    expect(defaultExtractors(configured).map((extractor) => extractor.name)).toEqual(["builtin", "chat"]);
  });
});
