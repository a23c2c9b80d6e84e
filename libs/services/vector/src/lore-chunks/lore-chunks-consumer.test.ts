import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { withSystem } from "@cauldron/db";
import { publishEvent, type EventName, type EventPayload } from "@cauldron/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import {
  startFakeOpenAiEmbeddingsServer,
  type FakeOpenAiEmbeddingsServer,
} from "../testing/fake-openai-embeddings-server";
import { LORE_CHUNKS_CONSUMER_GROUP } from "./lore-chunks-consumer";

const DIMENSIONS = 16;
const API_KEY = "sk-lore-chunks-secret-0123456789";
const WAIT_MS = 10_000;

type ChunkAnswer = EventPayload<"document_chunks.embedded">;
type ChunkPart = EventPayload<"chunks.changed">;

let kit: VectorTestKit;
let embeddings: FakeOpenAiEmbeddingsServer;
let acme: VectorTestOrganization;
const answers: ChunkAnswer[] = [];

beforeAll(async () => {
  embeddings = await startFakeOpenAiEmbeddingsServer({ dimensions: DIMENSIONS });
  const providers = { retryTiming: { baseDelayMs: 1, maxDelayMs: 2 } };
  kit = await startVectorTestKit({ config: { VECTOR_EMBEDDING_PRIVATE_HOSTS: ["127.0.0.1"] }, providers });
  acme = await kit.createOrganization("acme");
  await useEndpointModel(acme, embeddings.url);
});

afterAll(async () => {
  await kit?.close();
  await embeddings?.close();
});

async function useEndpointModel(organization: VectorTestOrganization, baseUrl: string): Promise<string> {
  const model = await kit.ownerOf(organization).vector.models.register.mutate({
    name: `endpoint-${randomUUID().slice(0, 8)}`,
    provider: "openai-compatible",
    dimensions: DIMENSIONS,
    configuration: { baseUrl, model: "fake-embedder", apiKey: API_KEY, maxRetries: 0 },
    setDefault: true,
  });
  return model.id;
}

async function publish<N extends EventName>(name: N, payload: EventPayload<N>): Promise<string> {
  const event = await withSystem(kit.database.db, (trx) => publishEvent(trx, name, payload));
  return event.id;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function collectAnswers(): Promise<ChunkAnswer[]> {
  for (const event of await kit.takeEvents()) {
    if (event.type === "document_chunks.embedded") answers.push(event.payload);
  }
  return answers;
}

async function answerTo(part: ChunkPart): Promise<ChunkAnswer> {
  const matches = (answer: ChunkAnswer) =>
    answer.documentId === part.documentId && answer.version === part.version && answer.part === part.part;
  return eventually(
    async () => (await collectAnswers()).find(matches),
    `the answer to part ${part.part} of version ${part.version}`,
  );
}

async function handled(eventId: string): Promise<void> {
  await eventually(
    () =>
      kit.database.ownerDb
        .selectFrom("integration.processed_events")
        .select("event_id")
        .where("consumer", "=", LORE_CHUNKS_CONSUMER_GROUP)
        .where("event_id", "=", eventId)
        .executeTakeFirst(),
    `event ${eventId} to be handled`,
  );
}

async function chunkRows(organizationId: string, documentId: string) {
  return kit.database.ownerDb
    .selectFrom("vector.embeddings")
    .select(["id", "entity_id", "content", "metadata", "model_id", "created_at", "updated_at"])
    .where("organization_id", "=", organizationId)
    .where("entity_type", "=", "lore.chunk")
    .where("metadata", "@>", JSON.stringify({ documentId }))
    .orderBy("content")
    .execute();
}

function part(
  organizationId: string,
  documentId: string,
  version: number,
  changes: Partial<Omit<ChunkPart, "organizationId" | "documentId" | "version">> = {},
): ChunkPart {
  return {
    organizationId,
    documentId,
    version,
    part: 0,
    parts: 1,
    teamIds: [],
    teamIdsAsOf: "2026-12-01T10:00:00.000Z",
    embed: [],
    keep: [],
    ...changes,
  };
}

function chunk(content: string) {
  return { chunkId: randomUUID(), content };
}

function inputsSent(since: number): string[][] {
  return embeddings.requests.slice(since).map((request) => (request.body as { input: string[] }).input);
}

/** Embeds a first version of a new document in acme and returns its id and chunks. */
async function firstVersion(...texts: string[]) {
  const documentId = randomUUID();
  const chunks = texts.map(chunk);
  const published = part(acme.id, documentId, 1, { embed: chunks });
  await publish("chunks.changed", published);
  expect(await answerTo(published)).toMatchObject({ outcome: "indexed" });
  return { documentId, chunks };
}

describe("embedding lore's chunks", () => {
  it("embeds a part with the organization's default model and answers it indexed", async () => {
    const documentId = randomUUID();
    const chunks = [chunk("Dragons nest in the northern peaks."), chunk("The river guild taxes every barge.")];
    const before = embeddings.requests.length;
    const published = part(acme.id, documentId, 1, { embed: chunks });
    await publish("chunks.changed", published);

    expect(await answerTo(published)).toEqual({
      organizationId: acme.id,
      documentId,
      version: 1,
      part: 0,
      parts: 1,
      outcome: "indexed",
      error: null,
      embedded: 2,
      reused: 0,
    });
    expect(inputsSent(before)).toEqual([chunks.map((item) => item.content)]);
    const rows = await chunkRows(acme.id, documentId);
    const defaultModel = await kit.ownerOf(acme).vector.models.list.query({ provider: "openai-compatible" });
    expect(rows.map((row) => [row.entity_id, row.content, row.model_id])).toEqual(
      chunks.map((item) => [item.chunkId, item.content, defaultModel.items[0]!.id]),
    );
    expect(rows[0]!.metadata).toEqual({
      documentId,
      version: 1,
      part: 0,
      teamIds: [],
      restricted: false,
      teamIdsAsOf: "2026-12-01T10:00:00.000Z",
    });
  });

  it("moves kept chunks' embeddings to the new version without embedding them again and drops the rest", async () => {
    const { documentId, chunks } = await firstVersion("alpha keeps", "beta keeps", "gamma is rewritten");
    const [alpha, beta] = chunks;
    const storedBefore = await chunkRows(acme.id, documentId);
    const alpha2 = randomUUID();
    const beta2 = randomUUID();
    const delta = chunk("delta replaces gamma");
    const before = embeddings.requests.length;
    const second = part(acme.id, documentId, 2, {
      embed: [delta],
      keep: [
        { fromChunkId: alpha!.chunkId, toChunkId: alpha2 },
        { fromChunkId: beta!.chunkId, toChunkId: beta2 },
      ],
    });
    await publish("chunks.changed", second);

    expect(await answerTo(second)).toMatchObject({ outcome: "indexed", embedded: 1, reused: 2 });
    expect(inputsSent(before)).toEqual([["delta replaces gamma"]]);
    const rows = await chunkRows(acme.id, documentId);
    expect(rows.map((row) => [row.content, row.entity_id])).toEqual([
      ["alpha keeps", alpha2],
      ["beta keeps", beta2],
      ["delta replaces gamma", delta.chunkId],
    ]);
    expect(rows.slice(0, 2).map((row) => [row.id, row.created_at])).toEqual(
      storedBefore.slice(0, 2).map((row) => [row.id, row.created_at]),
    );
    expect(rows.map((row) => (row.metadata as { version: number }).version)).toEqual([2, 2, 2]);
  });

  it("handles a version's parts in any order and removes the old version once every part is in", async () => {
    const { documentId, chunks } = await firstVersion("p stays", "q stays", "r stays", "s is dropped");
    const [p, q, r] = chunks.map((item) => ({ fromChunkId: item.chunkId, toChunkId: randomUUID() }));
    const t = chunk("t is new");
    const last = part(acme.id, documentId, 2, { part: 1, parts: 2, keep: [r!], embed: [t] });
    const first = part(acme.id, documentId, 2, { part: 0, parts: 2, keep: [p!, q!] });

    await publish("chunks.changed", last);
    expect(await answerTo(last)).toMatchObject({ outcome: "indexed", embedded: 1, reused: 1 });
    expect((await chunkRows(acme.id, documentId)).map((row) => row.content)).toEqual([
      "p stays",
      "q stays",
      "r stays",
      "s is dropped",
      "t is new",
    ]);

    await publish("chunks.changed", first);
    expect(await answerTo(first)).toMatchObject({ outcome: "indexed", embedded: 0, reused: 2 });
    const rows = await chunkRows(acme.id, documentId);
    expect(rows.map((row) => [row.content, row.entity_id])).toEqual([
      ["p stays", p!.toChunkId],
      ["q stays", q!.toChunkId],
      ["r stays", r!.toChunkId],
      ["t is new", t.chunkId],
    ]);
  });

  it("embeds a kept chunk's stored text again when the organization changed its default model", async () => {
    const switching = await kit.createOrganization("switching");
    await useEndpointModel(switching, embeddings.url);
    const documentId = randomUUID();
    const original = chunk("words that outlive a model");
    const first = part(switching.id, documentId, 1, { embed: [original] });
    await publish("chunks.changed", first);
    await answerTo(first);
    const builtins = await kit.ownerOf(switching).vector.models.list.query({ provider: "hash" });
    const hashModelId = builtins.items.find((model) => model.name === "cauldron-hash-384")!.id;
    await kit.ownerOf(switching).vector.models.setDefault.mutate({ modelId: hashModelId });

    const kept = randomUUID();
    const second = part(switching.id, documentId, 2, { keep: [{ fromChunkId: original.chunkId, toChunkId: kept }] });
    await publish("chunks.changed", second);
    expect(await answerTo(second)).toMatchObject({ outcome: "indexed", embedded: 1, reused: 0 });
    const rows = await chunkRows(switching.id, documentId);
    expect(rows.map((row) => [row.content, row.entity_id, row.model_id])).toEqual([
      ["words that outlive a model", kept, hashModelId],
    ]);
  });

  it("drops, unanswered, a part of a version older than the one stored", async () => {
    const { documentId, chunks } = await firstVersion("first words");
    const second = part(acme.id, documentId, 2, {
      keep: [{ fromChunkId: chunks[0]!.chunkId, toChunkId: randomUUID() }],
    });
    await publish("chunks.changed", second);
    await answerTo(second);

    const late = part(acme.id, documentId, 1, { embed: [chunk("late words")] });
    await handled(await publish("chunks.changed", late));
    expect((await chunkRows(acme.id, documentId)).map((row) => row.content)).toEqual(["first words"]);
    const answered = await collectAnswers();
    expect(answered.filter((answer) => answer.documentId === documentId && answer.version === 1)).toHaveLength(1);
  });
});

describe("embedding lore's chunks with lineage (parts that name what they drop)", () => {
  it("keeps kept chunks' embeddings where they are, rewriting no row, and deletes the dropped ones", async () => {
    const { documentId, chunks } = await firstVersion("alpha stays put", "beta stays put", "gamma is rewritten");
    const [alpha, beta, gamma] = chunks;
    const storedBefore = await chunkRows(acme.id, documentId);
    const alpha2 = randomUUID();
    const beta2 = randomUUID();
    const delta = chunk("delta replaces gamma");
    const before = embeddings.requests.length;
    const second = part(acme.id, documentId, 2, {
      embed: [delta],
      keep: [
        { fromChunkId: alpha!.chunkId, toChunkId: alpha2, embeddedAs: alpha!.chunkId },
        { fromChunkId: beta!.chunkId, toChunkId: beta2, embeddedAs: beta!.chunkId },
      ],
      drop: [gamma!.chunkId],
    });
    await publish("chunks.changed", second);

    expect(await answerTo(second)).toMatchObject({ outcome: "indexed", embedded: 1, reused: 2 });
    expect(inputsSent(before)).toEqual([["delta replaces gamma"]]);
    const rows = await chunkRows(acme.id, documentId);
    expect(rows.map((row) => [row.content, row.entity_id])).toEqual([
      ["alpha stays put", alpha!.chunkId],
      ["beta stays put", beta!.chunkId],
      ["delta replaces gamma", delta.chunkId],
    ]);
    // Untouched: the same rows, not updated since version 1 wrote them.
    expect(rows.slice(0, 2)).toEqual(storedBefore.slice(0, 2));

    const third = part(acme.id, documentId, 3, {
      keep: [
        { fromChunkId: alpha2, toChunkId: randomUUID(), embeddedAs: alpha!.chunkId },
        { fromChunkId: randomUUID(), toChunkId: randomUUID(), embeddedAs: delta.chunkId },
      ],
      drop: [beta2, beta!.chunkId],
    });
    await publish("chunks.changed", third);
    expect(await answerTo(third)).toMatchObject({ outcome: "indexed", embedded: 0, reused: 2 });
    expect((await chunkRows(acme.id, documentId)).map((row) => [row.content, row.entity_id])).toEqual([
      ["alpha stays put", alpha!.chunkId],
      ["delta replaces gamma", delta.chunkId],
    ]);
  });

  it("moves an embedding that a part without lineage moved to its new chunk back under the lineage's first chunk", async () => {
    const { documentId, chunks } = await firstVersion("epsilon travels");
    const [epsilon] = chunks;
    const moved = randomUUID();
    const legacy = part(acme.id, documentId, 2, { keep: [{ fromChunkId: epsilon!.chunkId, toChunkId: moved }] });
    await publish("chunks.changed", legacy);
    await answerTo(legacy);
    expect((await chunkRows(acme.id, documentId)).map((row) => row.entity_id)).toEqual([moved]);

    const before = embeddings.requests.length;
    const third = part(acme.id, documentId, 3, {
      keep: [{ fromChunkId: moved, toChunkId: randomUUID(), embeddedAs: epsilon!.chunkId }],
      drop: [],
    });
    await publish("chunks.changed", third);
    expect(await answerTo(third)).toMatchObject({ outcome: "indexed", embedded: 0, reused: 1 });
    expect(inputsSent(before)).toEqual([]);
    const rows = await chunkRows(acme.id, documentId);
    expect(rows.map((row) => [row.entity_id, (row.metadata as { version: number }).version])).toEqual([
      [epsilon!.chunkId, 3],
    ]);
  });
});

describe("failing parts", () => {
  it("answers failed, naming no key or address, when the model's endpoint cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = await kit.createOrganization("offline");
    await useEndpointModel(offline, `http://127.0.0.1:${port}/v1`);

    const documentId = randomUUID();
    const published = part(offline.id, documentId, 1, { embed: [chunk("nobody will embed this")] });
    await publish("chunks.changed", published);

    const answer = await answerTo(published);
    expect(answer).toMatchObject({ outcome: "failed", embedded: 0, reused: 0 });
    expect(answer.error).toContain("embedding endpoint failed");
    expect(answer.error).not.toContain(String(port));
    expect(answer.error).not.toContain(API_KEY);
    expect(await chunkRows(offline.id, documentId)).toEqual([]);
  });

  it("answers failed without calling the provider when a kept chunk has no embedding to reuse", async () => {
    const { documentId } = await firstVersion("only this was embedded");
    const before = embeddings.requests.length;
    const published = part(acme.id, documentId, 2, {
      embed: [chunk("new text")],
      keep: [{ fromChunkId: randomUUID(), toChunkId: randomUUID() }],
    });
    await publish("chunks.changed", published);

    const answer = await answerTo(published);
    expect(answer.outcome).toBe("failed");
    expect(answer.error).toContain("no embedding from the previous version");
    expect(embeddings.requests.length).toBe(before);
    expect((await chunkRows(acme.id, documentId)).map((row) => row.content)).toEqual(["only this was embedded"]);
  });
});

describe("documents deleted and teams set", () => {
  it("deletes a deleted document's chunk embeddings, never for a deletion in another organization", async () => {
    const { documentId } = await firstVersion("soon deleted", "also deleted");
    const other = await kit.createOrganization("other");
    const deletion = { documentId, deletedByUserId: null, teamIds: [] };

    await handled(await publish("document.deleted", { ...deletion, organizationId: other.id }));
    expect(await chunkRows(acme.id, documentId)).toHaveLength(2);

    await handled(await publish("document.deleted", { ...deletion, organizationId: acme.id }));
    expect(await chunkRows(acme.id, documentId)).toEqual([]);
  });

  it("applies newer team access, ignores older or foreign, and keeps the newer access for a later version", async () => {
    const { documentId, chunks } = await firstVersion("team secret");
    const team = randomUUID();
    const access = (rows: Awaited<ReturnType<typeof chunkRows>>) =>
      rows.map((row) => {
        const metadata = row.metadata as { teamIds: string[]; restricted: boolean; teamIdsAsOf: string };
        return [metadata.teamIds, metadata.restricted, metadata.teamIdsAsOf];
      });
    const other = await kit.createOrganization("foreign");
    // 14:00 UTC: later than the 10:00 UTC the chunks were embedded with, though it sorts before it as text.
    const newer = { documentId, teamIds: [team], teamIdsAsOf: "2026-12-01T09:00:00-05:00" };

    await handled(await publish("document.teams_set", { ...newer, organizationId: other.id }));
    expect(access(await chunkRows(acme.id, documentId))).toEqual([[[], false, "2026-12-01T10:00:00.000Z"]]);

    await handled(await publish("document.teams_set", { ...newer, organizationId: acme.id }));
    expect(access(await chunkRows(acme.id, documentId))).toEqual([[[team], true, newer.teamIdsAsOf]]);

    // 12:00 UTC: earlier than 14:00 UTC, though it sorts after it as text.
    const older = { organizationId: acme.id, documentId, teamIds: [], teamIdsAsOf: "2026-12-01T12:00:00Z" };
    await handled(await publish("document.teams_set", older));
    expect(access(await chunkRows(acme.id, documentId))).toEqual([[[team], true, newer.teamIdsAsOf]]);

    const second = part(acme.id, documentId, 2, {
      keep: [{ fromChunkId: chunks[0]!.chunkId, toChunkId: randomUUID() }],
      embed: [chunk("team plans")],
    });
    await publish("chunks.changed", second);
    await answerTo(second);
    expect(access(await chunkRows(acme.id, documentId))).toEqual([
      [[team], true, newer.teamIdsAsOf],
      [[team], true, newer.teamIdsAsOf],
    ]);
  });

  it("lets search keep to the chunks a caller's teams may see", async () => {
    const red = randomUUID();
    const blue = randomUUID();
    const publicDoc = part(acme.id, randomUUID(), 1, { embed: [chunk("lantern festival open to everyone")] });
    const redDoc = part(acme.id, randomUUID(), 1, { teamIds: [red], embed: [chunk("lantern budget for red team")] });
    const blueDoc = part(acme.id, randomUUID(), 1, { teamIds: [blue], embed: [chunk("lantern secrets of blue team")] });
    for (const published of [publicDoc, redDoc, blueDoc]) {
      await publish("chunks.changed", published);
      await answerTo(published);
    }

    const search = await kit.ownerOf(acme).vector.search.query({
      text: "lantern",
      topK: 50,
      entityType: "lore.chunk",
      filter: { or: [{ restricted: false }, { teamIds: { containsAny: [red] } }] },
    });
    const found = new Set(search.hits.map((hit) => (hit.metadata as { documentId: string }).documentId));
    expect(found.has(publicDoc.documentId)).toBe(true);
    expect(found.has(redDoc.documentId)).toBe(true);
    expect(found.has(blueDoc.documentId)).toBe(false);
  });
});
