import { configuredRedisUrl } from "@cauldron/config";
import {
  createEventConsumer,
  createOutboxRelay,
  eventKeys,
  publishEvent,
  type EventConsumer,
  type EventPayload,
} from "@cauldron/events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { longMarkdown, publishedEvents } from "./document-test-fixtures";
import { INDEX_STATUS_GROUP, indexStatusConsumer } from "./index-status-consumer";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let redis: Redis;
let consumer: EventConsumer;
let relay: ReturnType<typeof createOutboxRelay>;

// No workers in the kit: the vector service stays silent, and this file plays its answers through
// the outbox, the relay and the consumer as the service runs them.
beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("indexing");
  redis = new Redis(configuredRedisUrl());
  const keys = eventKeys(kit.service.redisKeyPrefix);
  relay = createOutboxRelay({ db: kit.database.db, redis, streamKey: keys.stream });
  const declared = indexStatusConsumer();
  consumer = createEventConsumer({
    redis,
    db: kit.database.db,
    streamKey: keys.stream,
    deadLetterKey: keys.deadLetter,
    consumerName: "index-status-test",
    group: declared.group,
    handlers: declared.handlers,
    startFrom: declared.startFrom,
    blockMs: 100,
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  redis?.disconnect();
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

type Answer = EventPayload<"document_chunks.embedded">;

/** Publishes the vector service's answers and relays them to the stream. */
async function answer(...answers: Answer[]): Promise<void> {
  await kit.database.ownerDb.transaction().execute(async (trx) => {
    for (const payload of answers) await publishEvent(trx, "document_chunks.embedded", payload);
  });
  await relay.drainOnce();
}

function answerFor(documentId: string, version: number, part: number, parts: number, failure?: string): Answer {
  return {
    organizationId: org.id,
    documentId,
    version,
    part,
    parts,
    outcome: failure ? "failed" : "indexed",
    error: failure ?? null,
    embedded: failure ? 0 : 1,
    reused: 0,
  };
}

async function settledIndex(documentId: string, status: "indexed" | "failed", client = asOwner()) {
  return vi.waitFor(
    async () => {
      const document = await client.lore.documents.get.query({ id: documentId });
      expect(document.index.status).toBe(status);
      return document.index;
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe("indexStatusConsumer", () => {
  it("declares its consumer group", () => {
    expect(indexStatusConsumer()).toMatchObject({ kind: "consumer", group: INDEX_STATUS_GROUP });
  });

  it("marks a version indexed once the vector service answered every part", async () => {
    const created = await asOwner().lore.documents.create.mutate({
      title: "Long codex",
      content: longMarkdown(10),
      contentType: "text/markdown",
      chunking: { maxTokens: 32, overlapTokens: 0 },
    });
    const parts = await publishedEvents(kit, "chunks.changed", created.id);
    expect(parts.length).toBeGreaterThan(1);
    const total = parts.length;

    await answer(...parts.slice(1).map((part) => answerFor(created.id, 1, part.part, total)));
    const stored = await kit.database.ownerDb
      .selectFrom("lore.documents")
      .select("index_parts_pending")
      .where("id", "=", created.id);
    await vi.waitFor(async () => expect((await stored.executeTakeFirstOrThrow()).index_parts_pending).toBe(1), {
      timeout: 15_000,
      interval: 50,
    });
    expect((await asOwner().lore.documents.get.query({ id: created.id })).index.status).toBe("pending");

    await answer(answerFor(created.id, 1, 0, total));
    expect(await settledIndex(created.id, "indexed")).toEqual({ status: "indexed", error: null, indexedVersion: 1 });
  });

  it("records a failed part, ignores answers about a version the document moved past, and starts over with the next", async () => {
    const created = await asOwner().lore.documents.create.mutate({
      title: "Short note",
      content: "A single line.",
      contentType: "text/plain",
    });
    await answer(answerFor(created.id, 1, 0, 1, "the embedding provider is unreachable"));
    expect(await settledIndex(created.id, "failed")).toEqual({
      status: "failed",
      error: "the embedding provider is unreachable",
      indexedVersion: null,
    });

    await asOwner().lore.documents.update.mutate({ id: created.id, expectedVersion: 1, content: "Two lines now." });
    expect((await asOwner().lore.documents.get.query({ id: created.id })).index).toEqual({
      status: "pending",
      error: null,
      indexedVersion: null,
    });
    // A late answer about version 1 comes first; only version 2's answer settles the document.
    await answer(answerFor(created.id, 1, 0, 1), answerFor(created.id, 2, 0, 1));
    expect(await settledIndex(created.id, "indexed")).toEqual({ status: "indexed", error: null, indexedVersion: 2 });
  });

  it("never touches another organization's document of the same id", async () => {
    const other = await kit.createOrganization("elsewhere");
    const created = await asOwner().lore.documents.create.mutate({
      title: "Guarded",
      content: "Only ours.",
      contentType: "text/plain",
    });
    await answer({ ...answerFor(created.id, 1, 0, 1), organizationId: other.id });
    const marker = await kit.ownerOf(other).lore.documents.create.mutate({
      title: "Marker",
      content: "x",
      contentType: "text/plain",
    });
    await answer({ ...answerFor(marker.id, 1, 0, 1), organizationId: other.id });
    await settledIndex(marker.id, "indexed", kit.ownerOf(other));
    expect((await asOwner().lore.documents.get.query({ id: created.id })).index.status).toBe("pending");
  });
});
