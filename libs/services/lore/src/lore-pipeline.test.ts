import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "./testing";

// The whole path a document takes, with every worker running: lore chunks it and publishes the
// chunks, vector embeds them and answers, lore records the answer and extracts entities; then
// search and retrieval find it, within team access.

const WAIT = { timeout: 30_000, interval: 100 };

let kit: LoreTestKit;
let org: LoreTestOrganization;
let teamMember: LoreTestUser;
let outsider: LoreTestUser;
let teamId: string;

beforeAll(async () => {
  kit = await startLoreTestKit();
  org = await kit.createOrganization("pipeline");
  teamMember = await kit.createUser("engineer");
  outsider = await kit.createUser("outsider");
  await kit.addMember(org.id, teamMember, "member");
  await kit.addMember(org.id, outsider, "member");
  teamId = await kit.createTeam(org.id, [teamMember], "engine room");
});

afterAll(async () => {
  await kit?.close();
});

async function indexedVersion(documentId: string): Promise<number> {
  return vi.waitFor(async () => {
    const document = await kit.ownerOf(org).lore.documents.get.query({ id: documentId });
    if (document.index.status !== "indexed") throw new Error(`document is ${document.index.status}`);
    return document.index.indexedVersion ?? 0;
  }, WAIT);
}

describe("a document through the lore pipeline", () => {
  it("is embedded, its people extracted, and found by every search mode and by graph retrieval", async () => {
    const document = await kit.ownerOf(org).lore.documents.create.mutate({
      title: "Notes on the Analytical Engine",
      contentType: "text/markdown",
      content: [
        "# The Analytical Engine",
        "",
        "Charles Babbage designed the Analytical Engine in London.",
        "",
        "## Programs",
        "",
        "Ada Lovelace wrote the first program for the engine, computing Bernoulli numbers.",
      ].join("\n"),
    });
    expect(await indexedVersion(document.id)).toBe(1);

    const ada = await vi.waitFor(async () => {
      const { items } = await kit.ownerOf(org).lore.entities.list.query({ text: "Ada Lovelace" });
      const found = items.find((entity) => entity.name === "Ada Lovelace");
      if (!found) throw new Error("Ada Lovelace is not extracted yet");
      return found;
    }, WAIT);
    expect((await kit.ownerOf(org).lore.entities.get.query({ id: ada.id })).mentionCount).toBeGreaterThan(0);

    for (const mode of ["text", "semantic", "hybrid"] as const) {
      const { hits } = await kit.ownerOf(org).lore.search.query({ query: "Bernoulli numbers program", mode });
      expect(hits[0]?.documentId, mode).toBe(document.id);
    }

    const { passages } = await kit.ownerOf(org).lore.retrieve.query({
      question: "What did Ada Lovelace write?",
      mode: "graph",
    });
    expect(passages[0]).toMatchObject({ documentId: document.id, version: 1 });
    expect(passages[0]?.content).toContain("Ada Lovelace");
    expect(passages[0]?.reasons.join(" ")).toContain("Ada Lovelace");
  });

  it("makes a changed version searchable and forgets the text it replaced", async () => {
    const document = await kit.ownerOf(org).lore.documents.create.mutate({
      title: "Loom cards",
      contentType: "text/plain",
      content: "Jacquard looms read punched cards of pasteboard.",
    });
    await indexedVersion(document.id);
    await kit.ownerOf(org).lore.documents.update.mutate({
      id: document.id,
      expectedVersion: 1,
      content: "Jacquard looms read punched cards of copper.",
    });
    expect(await indexedVersion(document.id)).toBe(2);

    const fresh = await kit.ownerOf(org).lore.search.query({ query: "copper", mode: "text" });
    expect(fresh.hits.map((hit) => hit.documentId)).toContain(document.id);
    const stale = await kit.ownerOf(org).lore.search.query({ query: "pasteboard", mode: "text" });
    expect(stale.hits.map((hit) => hit.documentId)).not.toContain(document.id);
  });

  it("finds the passages an edit left alone by meaning in each new version, their embeddings never rewritten", async () => {
    const sections = [
      "## Warp\n\nWarp threads run the length of the loom and bear its tension.",
      "## Weft\n\nWeft threads cross the warp from selvage to selvage.",
      "## Heddles\n\nHeddles lift chosen warp threads to open the shed for the shuttle.",
    ];
    const document = await kit.ownerOf(org).lore.documents.create.mutate({
      title: "Weaving terms",
      contentType: "text/markdown",
      content: sections.join("\n\n"),
    });
    await indexedVersion(document.id);
    const embeddingRows = () =>
      kit.database.ownerDb
        .selectFrom("vector.embeddings")
        .select(["id", "entity_id", "content", "updated_at"])
        .where("entity_type", "=", "lore.chunk")
        .where("metadata", "@>", JSON.stringify({ documentId: document.id }))
        .orderBy("content")
        .execute();
    // A small write's vectors join the HNSW graph just after they are searchable (vector's
    // pending-embeddings job rewrites each row once); from then on an edit leaves the row alone.
    const pendingRows = () =>
      kit.database.ownerDb
        .selectFrom("vector.embeddings")
        .select("id")
        .where("metadata", "@>", JSON.stringify({ documentId: document.id }))
        .where("pending_embedding", "is not", null)
        .execute();
    await vi.waitFor(async () => expect(await pendingRows()).toEqual([]), { timeout: 10_000, interval: 50 });
    const warpEmbedding = (await embeddingRows()).find((row) => row.content.includes("Warp threads"));
    expect(warpEmbedding).toBeDefined();

    const edits = ["Weft threads are beaten in with the reed.", "Weft threads wind off a bobbin in the shuttle."];
    for (const [index, weft] of edits.entries()) {
      const revised = [sections[0], `## Weft\n\n${weft}`, sections[2]].join("\n\n");
      await kit
        .ownerOf(org)
        .lore.documents.update.mutate({ id: document.id, expectedVersion: index + 1, content: revised });
      const version = index + 2;
      expect(await indexedVersion(document.id)).toBe(version);
      const { chunks } = await kit.ownerOf(org).lore.documents.chunks.query({ id: document.id });
      const warpChunk = chunks.find((chunk) => chunk.content.includes("Warp threads"));

      for (const filters of [{}, { documentIds: [document.id] }]) {
        const { hits } = await kit.ownerOf(org).lore.search.query({
          query: "Warp threads run the length of the loom and bear its tension.",
          mode: "semantic",
          filters,
        });
        expect(hits[0], JSON.stringify(filters)).toMatchObject({
          documentId: document.id,
          version,
          chunkId: warpChunk?.id,
        });
      }
      const rows = await embeddingRows();
      // The unchanged passage's embedding is the same row, untouched; the replaced weft is gone.
      expect(rows.find((row) => row.content.includes("Warp threads"))).toEqual(warpEmbedding);
      expect(rows.map((row) => row.content).filter((content) => content.includes("Weft threads"))).toEqual([
        expect.stringContaining(weft),
      ]);
      expect(rows).toHaveLength(chunks.length);
    }
  });

  it("shows a team's document only to the team, through search and retrieval", async () => {
    const document = await kit.as(teamMember, org.id).lore.documents.create.mutate({
      title: "Boiler pressure log",
      contentType: "text/plain",
      content: "The boiler of the difference engine held steady pressure through the night shift.",
      teamIds: [teamId],
    });
    await indexedVersion(document.id);

    for (const mode of ["text", "semantic", "hybrid", "fuzzy"] as const) {
      const query = mode === "fuzzy" ? "Boiler pressure log" : "boiler pressure night shift";
      const seen = await kit.as(teamMember, org.id).lore.search.query({ query, mode });
      expect(
        seen.hits.map((hit) => hit.documentId),
        mode,
      ).toContain(document.id);
      const hidden = await kit.as(outsider, org.id).lore.search.query({ query, mode });
      expect(
        hidden.hits.map((hit) => hit.documentId),
        mode,
      ).not.toContain(document.id);
    }
    const retrieved = await kit.as(outsider, org.id).lore.retrieve.query({ question: "boiler pressure at night" });
    expect(retrieved.passages.map((passage) => passage.documentId)).not.toContain(document.id);
  });
});
