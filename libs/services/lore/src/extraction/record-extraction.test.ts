import { withSystem } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuiltinExtractor } from "./builtin-extractor";
import { extractChunks } from "./extract-chunks";
import {
  associationsOf,
  mentionsOf,
  recording,
  scriptedExtractor,
  seedDocument,
  seedOrganization,
  type SeededChunk,
} from "./extraction-test-seed";
import { recordExtractions } from "./record-extraction";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function extractAndRecord(
  organizationId: string,
  documentId: string,
  chunks: readonly SeededChunk[],
  extractors = [createBuiltinExtractor()],
) {
  const extracted = await extractChunks(
    chunks.map((chunk) => ({ chunkId: chunk.id, start: chunk.start, content: chunk.content })),
    extractors,
  );
  return withSystem(database.db, (trx) => recordExtractions(trx, { organizationId, documentId }, extracted));
}

async function seedKnownPerson(organizationId: string, name: string, aliases: string[] = []): Promise<string> {
  return withSystem(database.db, async (trx) => {
    const type = await trx
      .insertInto("lore.entity_types")
      .values({ organization_id: organizationId, name: "person" })
      .onConflict((conflict) => conflict.columns(["organization_id", "name"]).doUpdateSet({ name: "person" }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const entity = await trx
      .insertInto("lore.entities")
      .values({
        organization_id: organizationId,
        type_id: type.id,
        name,
        canonical_name: name.toLowerCase(),
        aliases,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return entity.id;
  });
}

describe("recordExtractions", () => {
  it("stores what the built-in extractor finds at document offsets, creating extracted entities", async () => {
    const organizationId = await seedOrganization(database.db, "records");
    const text = "Ada Lovelace met Charles Babbage in London.\n\nLater Microsoft hired John Smith in Paris.";
    const { documentId, chunks } = await seedDocument(database.db, organizationId, text);

    await extractAndRecord(organizationId, documentId, chunks);

    const mentions = await mentionsOf(database.ownerDb, documentId);
    for (const mention of mentions) {
      expect(text.slice(mention.start_offset, mention.end_offset)).toBe(mention.mention_text);
      const chunk = chunks.find((candidate) => candidate.id === mention.chunk_id)!;
      expect(mention.start_offset).toBeGreaterThanOrEqual(chunk.start);
      expect(mention.end_offset).toBeLessThanOrEqual(chunk.end);
    }
    expect(mentions.map((mention) => [mention.mention_text, mention.type_name])).toEqual(
      expect.arrayContaining([
        ["Ada Lovelace", "person"],
        ["London", "place"],
        ["Microsoft", "organization"],
        ["John Smith", "person"],
        ["Paris", "place"],
      ]),
    );
    const { rows: entities } = await sql<{ name: string; properties: { origin?: string } }>`
      select name, properties from lore.entities where organization_id = ${organizationId}
    `.execute(database.ownerDb);
    expect(entities.every((entity) => entity.properties.origin === "extraction")).toBe(true);
    expect(entities.map((entity) => entity.name)).toEqual(expect.arrayContaining(["Ada Lovelace", "Paris"]));
  });

  it("points mentions of the organization's known entities and their aliases at them, with full confidence", async () => {
    const organizationId = await seedOrganization(database.db, "known");
    const adaId = await seedKnownPerson(organizationId, "Ada Lovelace", ["Countess of Lovelace", "Ada"]);
    const text = "The Countess of Lovelace wrote notes. Ada Lovelace met Charles Babbage; Ada smiled.";
    const { documentId, chunks } = await seedDocument(database.db, organizationId, text);

    await extractAndRecord(organizationId, documentId, chunks);

    const known = (await mentionsOf(database.ownerDb, documentId)).filter((mention) => mention.entity_id === adaId);
    expect(known.map((mention) => mention.mention_text)).toEqual(["Countess of Lovelace", "Ada Lovelace", "Ada"]);
    expect(known.every((mention) => mention.confidence === 1)).toBe(true);
    const { rows } = await sql<{ count: string }>`
      select count(*) from lore.entities where organization_id = ${organizationId} and canonical_name like 'ada%'
    `.execute(database.ownerDb);
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it("never uses or changes another organization's entities", async () => {
    const ours = await seedOrganization(database.db, "ours");
    const theirs = await seedOrganization(database.db, "theirs");
    const theirBabbage = await seedKnownPerson(theirs, "Charles Babbage", ["Babbage"]);
    const { documentId, chunks } = await seedDocument(database.db, ours, "Charles Babbage met Babbage's friend.");

    await extractAndRecord(ours, documentId, chunks);

    const mentions = await mentionsOf(database.ownerDb, documentId);
    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.some((mention) => mention.entity_id === theirBabbage)).toBe(false);
    const { rows } = await sql<{ organization_id: string }>`
      select e.organization_id from lore.entity_mentions m join lore.entities e on e.id = m.entity_id
      where m.document_id = ${documentId}
    `.execute(database.ownerDb);
    expect(rows.every((row) => row.organization_id === ours)).toBe(true);
    const { rows: theirMentions } = await sql<{ count: string }>`
      select count(*) from lore.entity_mentions where entity_id = ${theirBabbage}
    `.execute(database.ownerDb);
    expect(Number(theirMentions[0]!.count)).toBe(0);
  });

  it("records relationships between entities mentioned in the chunk, keeping the higher confidence", async () => {
    const organizationId = await seedOrganization(database.db, "relations");
    const text = "Grace Hopper worked at Harvard.";
    const { documentId, chunks } = await seedDocument(database.db, organizationId, text);
    const withConfidence = (confidence: number) =>
      scriptedExtractor(() => ({
        mentions: [
          { start: 0, end: 12, text: "Grace Hopper", typeName: "Person", name: "Grace Hopper", confidence },
          { start: 23, end: 30, text: "Harvard", typeName: "organization", name: "Harvard", confidence },
        ],
        relations: [
          ...["works for", "Works-For"].map((typeName) => ({
            sourceName: "grace hopper",
            sourceType: "person",
            targetName: "Harvard",
            targetType: "organization",
            typeName,
            confidence,
          })),
          // Not mentioned in this chunk, and a self loop: neither is recorded.
          {
            sourceName: "Grace Hopper",
            sourceType: "person",
            targetName: "Yale",
            targetType: "organization",
            typeName: "x",
            confidence,
          },
          {
            sourceName: "Grace Hopper",
            sourceType: "person",
            targetName: "Grace Hopper",
            targetType: "person",
            typeName: "x",
            confidence,
          },
        ],
      }));

    await extractAndRecord(organizationId, documentId, chunks, [withConfidence(0.5)]);
    await extractAndRecord(organizationId, documentId, chunks, [withConfidence(0.9)]);
    await extractAndRecord(organizationId, documentId, chunks, [withConfidence(0.7)]);

    const { rows } = await sql<{ source: string; target: string; type: string; confidence: number; evidence: string }>`
      select s.name as source, t.name as target, rt.name as type, r.confidence, r.evidence_chunk_id as evidence
      from lore.relationships r
      join lore.entities s on s.id = r.source_entity_id
      join lore.entities t on t.id = r.target_entity_id
      join lore.relationship_types rt on rt.id = r.type_id
      where r.organization_id = ${organizationId}
    `.execute(database.ownerDb);
    expect(rows).toEqual([
      { source: "Grace Hopper", target: "Harvard", type: "works_for", confidence: 0.9, evidence: chunks[0]!.id },
    ]);
    expect(await mentionsOf(database.ownerDb, documentId)).toHaveLength(2);
  });

  it("replaces a chunk's mentions when it is recorded again", async () => {
    const organizationId = await seedOrganization(database.db, "again");
    const { documentId, chunks } = await seedDocument(database.db, organizationId, "Alan Turing lived in Wilmslow.");
    const extractor = recording(createBuiltinExtractor());

    await extractAndRecord(organizationId, documentId, chunks, [extractor]);
    const first = await mentionsOf(database.ownerDb, documentId);
    await extractAndRecord(organizationId, documentId, chunks, [extractor]);

    expect(extractor.texts).toHaveLength(2);
    expect(await mentionsOf(database.ownerDb, documentId)).toEqual(first);
  });

  it("drops what a faulty extractor reports at wrong offsets or with unusable names", async () => {
    const organizationId = await seedOrganization(database.db, "faulty");
    const text = "Rosalind Franklin studied DNA.";
    const { documentId, chunks } = await seedDocument(database.db, organizationId, text);
    const faulty = scriptedExtractor(() => ({
      mentions: [
        { start: 0, end: 17, text: "Rosalind Franklin", typeName: "person", name: "Rosalind Franklin", confidence: 7 },
        { start: 1, end: 17, text: "Rosalind Franklin", typeName: "person", name: "Wrong offsets", confidence: 1 },
        { start: 26, end: 40, text: "DNA.", typeName: "thing", name: "DNA", confidence: 1 },
        { start: 26, end: 29, text: "DNA", typeName: "...", name: "DNA", confidence: 1 },
        { start: 26, end: 29, text: "DNA", typeName: "molecule", name: "\u0000", confidence: 1 },
      ],
      relations: [],
    }));

    await extractAndRecord(organizationId, documentId, chunks, [faulty]);

    const mentions = await mentionsOf(database.ownerDb, documentId);
    expect(mentions.map((mention) => [mention.mention_text, mention.entity_name, mention.confidence])).toEqual([
      ["Rosalind Franklin", "Rosalind Franklin", 1],
    ]);
    expect(await associationsOf(database.ownerDb, documentId)).toEqual({});
  });
});
