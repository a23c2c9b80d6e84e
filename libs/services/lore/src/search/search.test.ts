import { fuseByReciprocalRank } from "@cauldron/contracts";
import { failureOf, startTestService } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoreService } from "../lore-service";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { searchCorpus, type SeededDocument } from "./testing-corpus";

/*
 * A small library about early computing, one document of it restricted to a team, one archived,
 * one whose wording changed in its second version; and another organization with a document on
 * the same subject. Every chunk is embedded as the vector service embeds lore's chunks.
 */

let kit: LoreTestKit;
let acme: LoreTestOrganization;
let other: LoreTestOrganization;
let outsider: LoreTestUser;
let teamMember: LoreTestUser;
let admin: LoreTestUser;
let teamId: string;
const docs: Record<string, SeededDocument> = {};
let foreignDocument: SeededDocument;
let categories: { computing: string; machines: string; gardening: string };
let tags: { history: string };

beforeAll(async () => {
  kit = await startLoreTestKit();
  acme = await kit.createOrganization("acme");
  other = await kit.createOrganization("other");
  outsider = await kit.createUser("outsider");
  teamMember = await kit.createUser("insider");
  admin = await kit.createUser("admin");
  await kit.addMember(acme.id, outsider, "member");
  await kit.addMember(acme.id, teamMember, "member");
  await kit.addMember(acme.id, admin, "admin");
  teamId = await kit.createTeam(acme.id, [teamMember], "engineering");

  const corpus = searchCorpus(kit, acme.id);
  const computing = await corpus.category("Computing");
  categories = {
    computing,
    machines: await corpus.category("Machines", computing),
    gardening: await corpus.category("Gardening"),
  };
  tags = { history: await corpus.tag("history") };

  docs.engine = await corpus.document({
    title: "The Analytical Engine",
    passages: [
      {
        content: "Charles Babbage designed the Analytical Engine, a mechanical general-purpose computer.",
        headingPath: ["Design"],
      },
      {
        content: "The engine read its programs from punched cards borrowed from the Jacquard loom.",
        headingPath: ["Design", "Input"],
      },
    ],
    previousPassages: ["A first draft about the steam locomotive of the engine works."],
    categoryIds: [categories.machines],
  });
  docs.notes = await corpus.document({
    title: "Notes by Ada Lovelace",
    passages: [
      "Ada Lovelace wrote the first algorithm intended to be carried out by the engine.",
      "Her notes describe computing Bernoulli numbers step by step.",
    ],
    tagIds: [tags.history],
  });
  docs.garden = await corpus.document({
    title: "Garden Almanac",
    passages: ["<script>alert(1)</script>Plant tomatoes after the last frost; water when moisture < 30% & at dawn."],
    categoryIds: [categories.gardening],
  });
  docs.secret = await corpus.document({
    title: "Secret Blueprints",
    passages: ["The confidential blueprint of the difference engine, with its gear ratios."],
    teamIds: [teamId],
  });
  docs.memo = await corpus.document({
    title: "Archived Memo",
    passages: ["An old memo on engine maintenance schedules."],
    status: "archived",
  });
  for (const document of Object.values(docs)) await corpus.embed(acme.owner, document);

  foreignDocument = await searchCorpus(kit, other.id).document({
    title: "The Analytical Engine abroad",
    passages: ["Punched cards and the Analytical Engine, as another organization tells it."],
  });
  await searchCorpus(kit, other.id).embed(other.owner, foreignDocument);
});

afterAll(async () => {
  await kit?.close();
});

function idsOf(answer: { hits: { documentId: string }[] }): string[] {
  return answer.hits.map((hit) => hit.documentId);
}

describe("lore.search in text mode", () => {
  it("finds the document whose passage holds the words, with that passage highlighted", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "punched cards", mode: "text" });
    expect(answer.mode).toBe("text");
    expect(idsOf(answer)).toEqual([docs.engine!.id]);
    const [hit] = answer.hits;
    expect(hit).toMatchObject({
      title: "The Analytical Engine",
      version: 2,
      chunkId: docs.engine!.chunks[1]!.id,
      headingPath: ["Design", "Input"],
      ranks: { text: 1 },
    });
    expect(hit!.snippet).toContain("<mark>punched</mark> <mark>cards</mark>");
    expect(hit!.score).toBeGreaterThan(0);
  });

  it("answers one hit per document, best first", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "engine", mode: "text" });
    expect(new Set(idsOf(answer)).size).toBe(answer.hits.length);
    expect(idsOf(answer).sort()).toEqual([docs.engine!.id, docs.notes!.id, docs.secret!.id].sort());
    const scores = answer.hits.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("escapes the passage's markup in the snippet", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "tomatoes", mode: "text" });
    const { snippet } = answer.hits[0]!;
    expect(snippet).toContain("<mark>tomatoes</mark>");
    expect(snippet).toContain("moisture &lt; 30% &amp; at dawn");
    expect(snippet).not.toContain("<script");
  });

  it("searches only current versions", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "locomotive", mode: "text" });
    expect(answer.hits).toEqual([]);
  });

  it("leaves archived documents out unless asked for them by status", async () => {
    const plain = await kit.ownerOf(acme).lore.search.query({ query: "maintenance", mode: "text" });
    expect(plain.hits).toEqual([]);
    const archived = await kit.ownerOf(acme).lore.search.query({
      query: "maintenance",
      mode: "text",
      filters: { status: "archived" },
    });
    expect(idsOf(archived)).toEqual([docs.memo!.id]);
  });

  it("reads the query as a web search: phrases and exclusions", async () => {
    const excluded = await kit.ownerOf(acme).lore.search.query({
      query: "engine -punched -babbage -blueprint",
      mode: "text",
    });
    expect(idsOf(excluded)).toEqual([docs.notes!.id]);
    const phrase = await kit.ownerOf(acme).lore.search.query({ query: '"Bernoulli numbers"', mode: "text" });
    expect(idsOf(phrase)).toEqual([docs.notes!.id]);
  });
});

describe("lore.search in fuzzy mode", () => {
  it("finds a title spelled wrong, showing the start of the document", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "Analitical Engin", mode: "fuzzy" });
    expect(answer.hits[0]).toMatchObject({
      documentId: docs.engine!.id,
      chunkId: null,
      headingPath: [],
      version: 2,
      ranks: { fuzzy: 1 },
    });
    expect(answer.hits[0]!.snippet).toMatch(/^Charles Babbage designed/);
    expect(answer.hits[0]!.score).toBeGreaterThan(0.3);
  });

  it("finds nothing for a title nothing resembles", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "zzqx", mode: "fuzzy" });
    expect(answer.hits).toEqual([]);
  });
});

describe("lore.search in hybrid mode", () => {
  it("fuses the text, meaning and title rankings by reciprocal rank", async () => {
    const client = kit.ownerOf(acme).lore.search;
    const query = "analytical engine";
    const [text, semantic, fuzzy, hybrid] = await Promise.all([
      client.query({ query, mode: "text", limit: 30 }),
      client.query({ query, mode: "semantic", limit: 30 }),
      client.query({ query, mode: "fuzzy", limit: 30 }),
      client.query({ query, limit: 3 }),
    ]);
    expect(hybrid.mode).toBe("hybrid");
    const expected = fuseByReciprocalRank([
      { ids: idsOf(text), weight: 1 },
      { ids: idsOf(semantic), weight: 1 },
      { ids: idsOf(fuzzy), weight: 1 },
    ]).slice(0, 3);
    expect(idsOf(hybrid)).toEqual(expected.map((entry) => entry.id));
    hybrid.hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 12));
    expect(hybrid.hits[0]!.documentId).toBe(docs.engine!.id);
    expect(hybrid.hits[0]!.ranks).toEqual({ text: 1, semantic: 1, fuzzy: 1 });
  });

  it("shows the text ranking's passage with its matches highlighted", async () => {
    const answer = await kit.ownerOf(acme).lore.search.query({ query: "Bernoulli" });
    const notes = answer.hits.find((hit) => hit.documentId === docs.notes!.id)!;
    expect(notes.chunkId).toBe(docs.notes!.chunks[1]!.id);
    expect(notes.snippet).toContain("<mark>Bernoulli</mark>");
    expect(notes.ranks.text).toBe(1);
  });
});

describe("lore.search filters", () => {
  it("narrows to a category and everything below it", async () => {
    const underComputing = await kit.ownerOf(acme).lore.search.query({
      query: "engine",
      mode: "text",
      filters: { categoryId: categories.computing },
    });
    expect(idsOf(underComputing)).toEqual([docs.engine!.id]);
  });

  it("narrows to tags, teams and documents", async () => {
    const search = kit.ownerOf(acme).lore.search;
    expect(idsOf(await search.query({ query: "engine", mode: "text", filters: { tagIds: [tags.history] } }))).toEqual([
      docs.notes!.id,
    ]);
    expect(idsOf(await search.query({ query: "engine", mode: "text", filters: { teamIds: [teamId] } }))).toEqual([
      docs.secret!.id,
    ]);
    expect(
      idsOf(
        await search.query({
          query: "engine",
          mode: "text",
          filters: { documentIds: [docs.notes!.id, docs.garden!.id] },
        }),
      ),
    ).toEqual([docs.notes!.id]);
  });

  it("treats another organization's ids as unknown ones: they match nothing", async () => {
    const search = kit.ownerOf(acme).lore.search;
    const foreign = await search.query({ query: "engine", filters: { documentIds: [foreignDocument.id] } });
    expect(foreign.hits).toEqual([]);
  });
});

describe("lore.search and team access", () => {
  const restricted = () => docs.secret!.id;

  for (const mode of ["text", "fuzzy", "semantic", "hybrid"] as const) {
    const query = mode === "fuzzy" ? "Secret Blueprints" : "confidential blueprint difference engine";

    it(`never shows a team's document to a member outside the team (${mode})`, async () => {
      const answer = await kit.as(outsider, acme.id).lore.search.query({ query, mode, limit: 20 });
      expect(idsOf(answer)).not.toContain(restricted());
    });

    it(`shows it to the team's members and to admins (${mode})`, async () => {
      for (const user of [teamMember, admin]) {
        const answer = await kit.as(user, acme.id).lore.search.query({ query, mode, limit: 20 });
        expect(idsOf(answer)).toContain(restricted());
      }
    });
  }
});

describe("lore.search across organizations", () => {
  it("never shows another organization's documents, in any mode", async () => {
    for (const mode of ["text", "fuzzy", "semantic", "hybrid"] as const) {
      const mine = await kit.ownerOf(acme).lore.search.query({ query: "Analytical Engine", mode });
      expect(idsOf(mine)).not.toContain(foreignDocument.id);
      expect(idsOf(mine)).toContain(docs.engine!.id);
      const theirs = await kit.ownerOf(other).lore.search.query({ query: "Analytical Engine", mode });
      expect(idsOf(theirs)).toEqual([foreignDocument.id]);
    }
  });
});

describe("lore.search input", () => {
  const cases = [
    { label: "an empty query", input: { query: "   " }, field: "query" },
    { label: "a query over 1000 characters", input: { query: "a".repeat(1_001) }, field: "query" },
    { label: "an unknown mode", input: { query: "engine", mode: "psychic" }, field: "mode" },
    { label: "a limit of 0", input: { query: "engine", limit: 0 }, field: "limit" },
    { label: "a limit over 100", input: { query: "engine", limit: 101 }, field: "limit" },
    {
      label: "a document id that is no UUID",
      input: { query: "engine", filters: { documentIds: ["doc-1"] } },
      field: "filters.documentIds.0",
    },
    { label: "an unknown status", input: { query: "engine", filters: { status: "deleted" } }, field: "filters.status" },
  ];
  for (const { label, input, field } of cases) {
    it(`refuses ${label} with BAD_REQUEST on ${field}`, async () => {
      const failure = await failureOf(kit.ownerOf(acme).lore.search.query(input as never));
      expect(failure.data.code).toBe("BAD_REQUEST");
      expect(failure.data.fieldErrors?.[field]).toBeDefined();
    });
  }
});

describe("lore.search without the vector service", () => {
  it("refuses semantic and hybrid search naming the missing setting, and still searches text", async () => {
    const lore = await startTestService(createLoreService(), {
      db: kit.database.db,
      workers: false,
      env: { SERVICE_TOKEN_SECRET: "", VECTOR_SERVICE_URL: kit.vector.url },
    });
    try {
      const token = await lore.signer.issueAccessToken({ userId: acme.owner.id });
      const client = lore.client({ token, organizationId: acme.id });
      for (const mode of ["semantic", "hybrid"] as const) {
        const failure = await failureOf(client.lore.search.query({ query: "engine", mode }));
        expect(failure.data.code).toBe("SERVICE_UNAVAILABLE");
        expect(failure.data.reason).toBe("peer_unavailable");
        expect(failure.message).toContain("SERVICE_TOKEN_SECRET");
      }
      const text = await client.lore.search.query({ query: "punched cards", mode: "text" });
      expect(idsOf(text)).toEqual([docs.engine!.id]);
    } finally {
      await lore.close();
    }
  });
});
