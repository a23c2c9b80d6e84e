import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { searchCorpus, type SearchCorpus, type SeededDocument } from "./testing-corpus";

/*
 * Semantic search over chunk embeddings: three documents open to the organization and fifteen
 * restricted to a team, all on one subject, the restricted ones worded nearer the query; so
 * without the caller's team access in the vector search, its top k would hold only documents a
 * member outside the team may not see.
 */

let kit: LoreTestKit;
let acme: LoreTestOrganization;
let corpus: SearchCorpus;
let outsider: LoreTestUser;
let teamMember: LoreTestUser;
let admin: LoreTestUser;
let teamId: string;
let open: SeededDocument[];
let restricted: SeededDocument[];
let unrelated: SeededDocument;

const QUERY = "lighthouse keeper logbook storms";

beforeAll(async () => {
  kit = await startLoreTestKit();
  acme = await kit.createOrganization("semantic");
  outsider = await kit.createUser("outsider");
  teamMember = await kit.createUser("insider");
  admin = await kit.createUser("admin");
  await kit.addMember(acme.id, outsider, "member");
  await kit.addMember(acme.id, teamMember, "member");
  await kit.addMember(acme.id, admin, "admin");
  teamId = await kit.createTeam(acme.id, [teamMember], "keepers");
  corpus = searchCorpus(kit, acme.id);

  open = [];
  for (const n of [1, 2, 3]) {
    open.push(
      await corpus.document({
        title: `Open log ${n}`,
        passages: [`An old lighthouse keeper wrote of storms at sea in a worn logbook, page ${n}.`],
      }),
    );
  }
  restricted = [];
  for (let n = 1; n <= 15; n += 1) {
    restricted.push(
      await corpus.document({
        title: `Restricted log ${n}`,
        passages: [`lighthouse keeper logbook storms ${n}`],
        teamIds: [teamId],
      }),
    );
  }
  unrelated = await corpus.document({ title: "Recipes", passages: ["Bake the bread at two hundred degrees."] });
  for (const document of [...open, ...restricted, unrelated]) await corpus.embed(acme.owner, document);
});

afterAll(async () => {
  await kit?.close();
});

function idsOf(answer: { hits: { documentId: string }[] }): string[] {
  return answer.hits.map((hit) => hit.documentId);
}

describe("lore.search in semantic mode", () => {
  it("finds documents by the meaning of their passages, with the passage's opening as snippet", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "baking bread", mode: "semantic", limit: 1 });
    expect(answer.hits).toHaveLength(1);
    expect(answer.hits[0]).toMatchObject({
      documentId: unrelated.id,
      chunkId: unrelated.chunks[0]!.id,
      version: 1,
      snippet: "Bake the bread at two hundred degrees.",
      ranks: { semantic: 1 },
    });
    expect(answer.hits[0]!.score).toBeGreaterThan(0);
  });

  it("keeps the top k full of visible hits for a member outside the team", async () => {
    const answer = await kit.as(outsider, acme.id).lore.search.query({ query: QUERY, mode: "semantic", limit: 3 });
    expect(idsOf(answer).sort()).toEqual(open.map((document) => document.id).sort());
  });

  it("ranks the team's documents for its members and for admins", async () => {
    const restrictedIds = restricted.map((document) => document.id);
    for (const user of [teamMember, admin]) {
      const top = await kit.as(user, acme.id).lore.search.query({ query: QUERY, mode: "semantic", limit: 3 });
      expect(restrictedIds).toEqual(expect.arrayContaining(idsOf(top)));
      const all = await kit.as(user, acme.id).lore.search.query({ query: QUERY, mode: "semantic", limit: 30 });
      expect(idsOf(all)).toEqual(expect.arrayContaining([...restrictedIds, ...open.map((document) => document.id)]));
    }
  });

  it("never returns a chunk the caller may not see, even when the vector service offers it", async () => {
    const mislabelled = await corpus.document({
      title: "Mislabelled log",
      passages: ["The lighthouse keeper logbook of storms, kept by the team alone."],
      teamIds: [teamId],
    });
    await corpus.embed(acme.owner, mislabelled, { teamIds: [], restricted: false });
    const answer = await kit.as(outsider, acme.id).lore.search.query({ query: QUERY, mode: "semantic", limit: 20 });
    expect(idsOf(answer)).not.toContain(mislabelled.id);
    const member = await kit.as(teamMember, acme.id).lore.search.query({ query: QUERY, mode: "semantic", limit: 20 });
    expect(idsOf(member)).toContain(mislabelled.id);
  });

  it("finds only passages of current versions", async () => {
    const revised = await corpus.document({
      title: "Revised notes",
      passages: ["Now about orchard pruning in winter."],
      previousPassages: ["Formerly about submarine periscope optics."],
    });
    await corpus.embed(acme.owner, revised, { chunks: revised.previousChunks, version: 1 });
    const answer = await kit.ownerOf(acme).lore.search.query({
      query: "submarine periscope optics",
      mode: "semantic",
      limit: 20,
    });
    expect(idsOf(answer)).not.toContain(revised.id);
  });

  it("narrows to the documents and teams asked for", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({
      query: QUERY,
      mode: "semantic",
      filters: { documentIds: [open[1]!.id, restricted[2]!.id] },
    });
    expect(idsOf(answer).sort()).toEqual([open[1]!.id, restricted[2]!.id].sort());
    const ofTeam = await kit.ownerOf(acme).lore.search.query({
      query: QUERY,
      mode: "semantic",
      limit: 20,
      filters: { teamIds: [teamId] },
    });
    expect(idsOf(ofTeam)).toEqual(expect.arrayContaining(restricted.map((document) => document.id)));
    expect(idsOf(ofTeam)).not.toContain(open[0]!.id);
  });

  it("shows another organization none of these documents", async () => {
    const other = await kit.createOrganization("elsewhere");
    const answer = await kit.ownerOf(other).lore.search.query({ query: QUERY, mode: "semantic", limit: 20 });
    expect(answer.hits).toEqual([]);
  });
});
