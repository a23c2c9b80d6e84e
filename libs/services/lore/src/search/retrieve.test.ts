import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { MEANING_REASON, WORDS_REASON } from "./passage-candidates";
import { searchCorpus, type SeededDocument } from "./testing-corpus";

/*
 * A biography, a machine and private letters (restricted to a team), with their entities:
 * Ada Lovelace worked on the Analytical Engine, Charles Babbage designed it, Lord Byron was
 * Ada's parent; a secret society appears only in the private letters.
 */

let kit: LoreTestKit;
let acme: LoreTestOrganization;
let other: LoreTestOrganization;
let outsider: LoreTestUser;
let teamMember: LoreTestUser;
let admin: LoreTestUser;
let biography: SeededDocument;
let machine: SeededDocument;
let letters: SeededDocument;
let foreign: SeededDocument;

const NAMED_ADA = 'mentions "Ada Lovelace" (named in the question)';
const ENGINE_BY_ADA = 'mentions "Analytical Engine" (related to "Ada Lovelace" by "worked_on")';
const BYRON_BY_ADA = 'mentions "Lord Byron" (related to "Ada Lovelace" by "parent_of")';

beforeAll(async () => {
  kit = await startLoreTestKit();
  acme = await kit.createOrganization("retrieve");
  other = await kit.createOrganization("other");
  outsider = await kit.createUser("outsider");
  teamMember = await kit.createUser("insider");
  admin = await kit.createUser("admin");
  await kit.addMember(acme.id, outsider, "member");
  await kit.addMember(acme.id, teamMember, "member");
  await kit.addMember(acme.id, admin, "admin");
  const teamId = await kit.createTeam(acme.id, [teamMember], "archivists");

  const corpus = searchCorpus(kit, acme.id);
  biography = await corpus.document({
    title: "Ada Lovelace",
    passages: [
      { content: "Ada Lovelace was a mathematician and a writer.", headingPath: ["Life"] },
      { content: "She translated an article on the Analytical Engine and added her own notes.", headingPath: ["Work"] },
      { content: "Her father was the poet Lord Byron.", headingPath: ["Family"] },
    ],
  });
  machine = await corpus.document({
    title: "The Analytical Engine",
    passages: ["The Analytical Engine was designed by Charles Babbage.", "It was never completed in his lifetime."],
  });
  letters = await corpus.document({
    title: "Private letters",
    passages: ["Letters between Ada Lovelace and Charles Babbage about the secret society."],
    teamIds: [teamId],
  });
  await corpus.document({ title: "Gardening", passages: ["Prune the roses in early spring."] });

  const ada = await corpus.entity({ name: "Ada Lovelace", type: "person", aliases: ["Countess of Lovelace"] });
  const engine = await corpus.entity({ name: "Analytical Engine", type: "machine" });
  const babbage = await corpus.entity({ name: "Charles Babbage", type: "person" });
  const byron = await corpus.entity({ name: "Lord Byron", type: "person" });
  const society = await corpus.entity({ name: "Secret Society", type: "organization" });
  await corpus.relate(ada, "worked_on", engine);
  await corpus.relate(babbage, "designed", engine);
  await corpus.relate(byron, "parent_of", ada);
  await corpus.mention(ada, biography, 0);
  await corpus.mention(ada, biography, 1);
  await corpus.mention(engine, biography, 1);
  await corpus.mention(byron, biography, 2);
  await corpus.mention(engine, machine, 0);
  await corpus.mention(babbage, machine, 0);
  await corpus.mention(ada, letters, 0);
  await corpus.mention(babbage, letters, 0);
  await corpus.mention(society, letters, 0);
  for (const document of [biography, machine, letters]) await corpus.embed(acme.owner, document);

  const elsewhere = searchCorpus(kit, other.id);
  foreign = await elsewhere.document({
    title: "Ada abroad",
    passages: ["Ada Lovelace, as another organization tells it."],
  });
  await elsewhere.mention(await elsewhere.entity({ name: "Ada Lovelace", type: "person" }), foreign, 0);
  await elsewhere.embed(other.owner, foreign);
});

afterAll(async () => {
  await kit?.close();
});

function chunksOf(answer: { passages: { chunkId: string }[] }): string[] {
  return answer.passages.map((passage) => passage.chunkId);
}

describe("lore.retrieve in graph mode", () => {
  it("finds passages mentioning the entities the question names and their neighbours, with the reasons", async () => {
    const answer = await kit.as(outsider, acme.id).lore.retrieve.query({
      question: "What did Ada Lovelace write?",
      mode: "graph",
    });
    // Equal scores go by title: "Ada Lovelace" before "The Analytical Engine".
    expect(chunksOf(answer)).toEqual([
      biography.chunks[1]!.id,
      biography.chunks[0]!.id,
      biography.chunks[2]!.id,
      machine.chunks[0]!.id,
    ]);
    const [both, named, byron, engine] = answer.passages;
    expect(both).toMatchObject({
      documentId: biography.id,
      title: "Ada Lovelace",
      version: 1,
      headingPath: ["Work"],
      content: "She translated an article on the Analytical Engine and added her own notes.",
      score: 1.5,
      reasons: [NAMED_ADA, ENGINE_BY_ADA],
    });
    expect(both!.start).toBe(biography.chunks[0]!.content.length + 2);
    expect(both!.end).toBe(both!.start + both!.content.length);
    expect(named!.reasons).toEqual([NAMED_ADA]);
    expect(byron!.reasons).toEqual([BYRON_BY_ADA]);
    expect(engine!.reasons).toEqual(['mentions "Analytical Engine" (related to "Ada Lovelace" by "worked_on")']);
  });

  it("knows an entity by its alias and by a near miss of its name", async () => {
    for (const question of ["Who was the Countess of Lovelace?", "Tell me about Ada Lovelance"]) {
      const answer = await kit.ownerOf(acme).lore.retrieve.query({ question, mode: "graph" });
      expect(answer.passages[0]!.reasons).toContain(NAMED_ADA);
    }
  });

  it("finds nothing when the question names no entity", async () => {
    const answer = await kit.ownerOf(acme).lore.retrieve.query({ question: "How do roses grow?", mode: "graph" });
    expect(answer.passages).toEqual([]);
  });
});

describe("lore.retrieve in chunks mode", () => {
  it("finds passages by words and meaning, several of one document", async () => {
    const answer = await kit.ownerOf(acme).lore.retrieve.query({
      question: "Was Ada Lovelace a mathematician who wrote notes?",
      mode: "chunks",
    });
    expect(chunksOf(answer)).toEqual(expect.arrayContaining([biography.chunks[0]!.id, biography.chunks[1]!.id]));
    expect(answer.passages[0]).toMatchObject({
      chunkId: biography.chunks[0]!.id,
      reasons: [WORDS_REASON, MEANING_REASON],
    });
    expect(answer.passages.every((passage) => !passage.reasons.some((reason) => reason.startsWith("mentions")))).toBe(
      true,
    );
  });
});

describe("lore.retrieve in hybrid mode", () => {
  it("fuses words, meaning and the graph, each passage keeping all its reasons", async () => {
    const answer = await kit.ownerOf(acme).lore.retrieve.query({
      question: "What did Ada Lovelace write about the Analytical Engine?",
    });
    const work = answer.passages.find((passage) => passage.chunkId === biography.chunks[1]!.id);
    expect(work?.reasons).toEqual([
      WORDS_REASON,
      MEANING_REASON,
      NAMED_ADA,
      'mentions "Analytical Engine" (named in the question)',
    ]);
    const scores = answer.passages.map((passage) => passage.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("answers at most the limit", async () => {
    const answer = await kit.ownerOf(acme).lore.retrieve.query({ question: "Ada Lovelace", limit: 2 });
    expect(answer.passages).toHaveLength(2);
  });
});

describe("lore.retrieve and team access", () => {
  for (const mode of ["graph", "chunks", "hybrid"] as const) {
    const question = "Letters between Ada Lovelace and Charles Babbage about the Secret Society";

    it(`never gives a member outside the team a passage of the team's document (${mode})`, async () => {
      const answer = await kit.as(outsider, acme.id).lore.retrieve.query({ question, mode, limit: 50 });
      expect(answer.passages.map((passage) => passage.documentId)).not.toContain(letters.id);
    });

    it(`gives it to the team's members and to admins (${mode})`, async () => {
      for (const user of [teamMember, admin]) {
        const answer = await kit.as(user, acme.id).lore.retrieve.query({ question, mode, limit: 50 });
        expect(answer.passages.map((passage) => passage.documentId)).toContain(letters.id);
      }
    });
  }

  it("hides an entity known only from the team's document", async () => {
    const question = "Who is in the Secret Society?";
    const outside = await kit.as(outsider, acme.id).lore.retrieve.query({ question, mode: "graph" });
    expect(outside.passages).toEqual([]);
    const inside = await kit.as(teamMember, acme.id).lore.retrieve.query({ question, mode: "graph" });
    expect(inside.passages[0]!.reasons).toContain('mentions "Secret Society" (named in the question)');
  });
});

describe("lore.retrieve across organizations", () => {
  it("never gives another organization's passages", async () => {
    for (const mode of ["graph", "chunks", "hybrid"] as const) {
      const mine = await kit.ownerOf(acme).lore.retrieve.query({ question: "Ada Lovelace", mode, limit: 50 });
      expect(mine.passages.map((passage) => passage.documentId)).not.toContain(foreign.id);
      const theirs = await kit.ownerOf(other).lore.retrieve.query({ question: "Ada Lovelace", mode, limit: 50 });
      expect(theirs.passages.map((passage) => passage.documentId)).toEqual([foreign.id]);
    }
  });
});

describe("lore.retrieve input", () => {
  const cases = [
    { label: "an empty question", input: { question: "" }, field: "question" },
    { label: "a question over 2000 characters", input: { question: "why ".repeat(501) }, field: "question" },
    { label: "an unknown mode", input: { question: "why", mode: "deep" }, field: "mode" },
    { label: "a limit over 50", input: { question: "why", limit: 51 }, field: "limit" },
    {
      label: "a category id that is no UUID",
      input: { question: "why", filters: { categoryId: "x" } },
      field: "filters.categoryId",
    },
  ];
  for (const { label, input, field } of cases) {
    it(`refuses ${label} with BAD_REQUEST on ${field}`, async () => {
      const failure = await failureOf(kit.ownerOf(acme).lore.retrieve.query(input as never));
      expect(failure.data.code).toBe("BAD_REQUEST");
      expect(failure.data.fieldErrors?.[field]).toBeDefined();
    });
  }
});
