import { randomUUID } from "node:crypto";
import { createDatabase, parseVectorLiteral, withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { failureOf } from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashEmbedding } from "../providers";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { seedCollection, seedEmbeddings, type SeedModel } from "./search-fixtures";
import { createSearchLog, type LoggedSearch, type SystemTransactionRunner } from "./search-log";

let kit: VectorTestKit;
let organization: VectorTestOrganization;
let hashModel: SeedModel;
let ids: string[];

const CONTENTS = ["green tea with honey", "black coffee, no sugar", "fresh orange juice"];

function loggedQuery(queryId: string) {
  return kit.database.ownerDb
    .selectFrom("vector.search_queries")
    .selectAll()
    .where("id", "=", queryId)
    .executeTakeFirst();
}

async function eventuallyLogged(queryId: string) {
  return vi.waitFor(
    async () => {
      const row = await loggedQuery(queryId);
      if (!row) throw new Error(`search ${queryId} is not logged yet`);
      return row;
    },
    { timeout: 10_000, interval: 20 },
  );
}

function systemOf(db: Kysely<Database>): SystemTransactionRunner {
  return (work) => withSystem(db, work);
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

function searchToLog(overrides: Partial<LoggedSearch> = {}): LoggedSearch {
  return {
    queryId: randomUUID(),
    organizationId: organization.id,
    userId: organization.owner.id,
    queryText: "a secret thing to look for",
    queryVector: hashEmbedding("a secret thing to look for", hashModel.dimensions),
    modelId: hashModel.id,
    collectionId: null,
    filters: {},
    topK: 5,
    threshold: null,
    mode: "vector",
    latencyMs: 1.5,
    hits: [{ id: ids[0]!, score: 0.5 }],
    ...overrides,
  };
}

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  organization = await kit.createOrganization("log");
  hashModel = await kit.database.ownerDb
    .selectFrom("vector.embedding_models")
    .select(["id", "name", "dimensions"])
    .where("organization_id", "is", null)
    .where("is_default", "=", true)
    .executeTakeFirstOrThrow();
  ids = await seedEmbeddings(
    kit.database.ownerDb,
    organization.id,
    hashModel,
    CONTENTS.map((content) => ({ content, vector: hashEmbedding(content, hashModel.dimensions) })),
  );
});

afterAll(async () => {
  await kit?.close();
});

describe("the search query log", () => {
  it("logs each search after answering it, with its hits in rank order", async () => {
    const answer = await kit.ownerOf(organization).vector.search.query({ text: "coffee", topK: 2, threshold: -1 });
    const query = await eventuallyLogged(answer.queryId);
    expect(query).toMatchObject({
      organization_id: organization.id,
      user_id: organization.owner.id,
      query_text: "coffee",
      model_id: hashModel.id,
      collection_id: null,
      filters: {},
      top_k: 2,
      similarity_threshold: -1,
      mode: "vector",
      result_count: 2,
    });
    expect(query.latency_ms).toBeGreaterThanOrEqual(0);
    expect(query.query_embedding).toMatch(/^\[/);
    const results = await kit.database.ownerDb
      .selectFrom("vector.search_results")
      .select(["rank", "embedding_id", "similarity_score"])
      .where("query_id", "=", answer.queryId)
      .orderBy("rank")
      .execute();
    expect(results).toEqual(
      answer.hits.map((hit, i) => ({
        rank: i + 1,
        embedding_id: hit.id,
        similarity_score: expect.closeTo(hit.score, 9),
      })),
    );
  });

  it("logs a hybrid search in a collection with its filters, and a search that found nothing", async () => {
    const collectionId = await seedCollection(kit.database.ownerDb, organization.id, hashModel.id, [ids[2]!]);
    const hybrid = await kit.ownerOf(organization).vector.search.query({
      collectionId,
      text: "orange juice",
      filter: { kind: "drink" },
      entityType: "menu_item",
      hybrid: { vectorWeight: 0.3, textWeight: 0.7 },
    });
    expect(hybrid.hits).toEqual([]);
    expect(await eventuallyLogged(hybrid.queryId)).toMatchObject({
      collection_id: collectionId,
      mode: "hybrid",
      filters: { metadata: { kind: "drink" }, entityType: "menu_item" },
      result_count: 0,
    });
  });

  it("logs nothing for a caller the organization refuses, though the search's reads ran before the verdict", async () => {
    const stranger = await kit.createUser("stranger");
    const refused = await failureOf(
      kit.as(stranger, organization.id).vector.search.query({ modelId: hashModel.id, text: "coffee", topK: 2 }),
    );
    expect(refused.data).toMatchObject({ code: "FORBIDDEN" });
    const member = await kit.ownerOf(organization).vector.search.query({ modelId: hashModel.id, text: "coffee" });
    await eventuallyLogged(member.queryId);
    const strangers = await kit.database.ownerDb
      .selectFrom("vector.search_queries")
      .select("id")
      .where("user_id", "=", stranger.id)
      .execute();
    expect(strangers).toEqual([]);
  });

  it("answers without waiting for the log write", async () => {
    const queryId = await kit.database.ownerDb.transaction().execute(async (trx) => {
      // Inserts into the log wait for this lock; reading the embeddings does not.
      await sql`lock table vector.search_queries in share mode`.execute(trx);
      const answer = await kit.ownerOf(organization).vector.search.query({ text: "green tea" });
      expect(answer.hits[0]!.content).toBe(CONTENTS[0]);
      const logged = await trx
        .selectFrom("vector.search_queries")
        .select("id")
        .where("id", "=", answer.queryId)
        .execute();
      expect(logged).toEqual([]);
      return answer.queryId;
    });
    expect((await eventuallyLogged(queryId)).query_text).toBe("green tea");
  });

  it("settles once every write in flight has finished", async () => {
    const { logger } = capturingLogger();
    const log = createSearchLog(logger, systemOf(kit.database.db));
    const search = searchToLog();
    log.record(search);
    expect(log.pending).toBe(1);
    await log.settled();
    expect(log.pending).toBe(0);
    expect(await loggedQuery(search.queryId)).toMatchObject({ query_text: search.queryText, result_count: 1 });
  });

  it("writes the searches queued while a write runs together, in one more transaction", async () => {
    let transactions = 0;
    const counting: SystemTransactionRunner = (work) => {
      transactions += 1;
      return withSystem(kit.database.db, work);
    };
    const log = createSearchLog(capturingLogger().logger, counting);
    const searches = Array.from({ length: 30 }, (_, n) => {
      const queryText = `search number ${n}`;
      return searchToLog({ queryText, queryVector: hashEmbedding(queryText, hashModel.dimensions) });
    });
    for (const search of searches) log.record(search);
    await log.settled();
    expect(transactions).toBeLessThanOrEqual(2);
    for (const search of searches) {
      const logged = await loggedQuery(search.queryId);
      expect(logged).toMatchObject({ query_text: search.queryText, result_count: 1 });
      // Each search keeps its own vector, as float4.
      const stored = parseVectorLiteral(logged!.query_embedding!);
      expect(stored).toHaveLength(search.queryVector.length);
      stored.forEach((value, index) => expect(value).toBeCloseTo(search.queryVector[index]!, 6));
    }
  });

  it("reports a write that fails after its request ended as lost, without the query text, and throws nowhere", async () => {
    const closed = createDatabase({ url: kit.database.appUrl, poolMax: 1 });
    await sql`select 1`.execute(closed);
    await closed.destroy();
    const { logger, lines } = capturingLogger();
    const log = createSearchLog(logger, systemOf(closed));
    const search = searchToLog();
    log.record(search);
    await log.settled();
    expect(log.pending).toBe(0);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, msg: "search query log entries lost", queryIds: [search.queryId] });
    expect(lines[0]).not.toContain(search.queryText);
    expect(await loggedQuery(search.queryId)).toBeUndefined();
  });

  it("writes the rest of a batch when one search in it cannot be written", async () => {
    const log = createSearchLog(capturingLogger().logger, systemOf(kit.database.db));
    const unwritable = searchToLog({ organizationId: randomUUID() });
    const fine = [searchToLog(), searchToLog()];
    for (const search of [fine[0]!, unwritable, fine[1]!]) log.record(search);
    await log.settled();
    for (const search of fine) expect(await loggedQuery(search.queryId)).toBeDefined();
    expect(await loggedQuery(unwritable.queryId)).toBeUndefined();
  });

  it("keeps a record whose hit was deleted since the answer, without that hit", async () => {
    const doomed = await seedEmbeddings(kit.database.ownerDb, organization.id, hashModel, [
      { content: "soon gone", vector: hashEmbedding("soon gone", hashModel.dimensions) },
    ]);
    await kit.database.ownerDb.deleteFrom("vector.embeddings").where("id", "=", doomed[0]!).execute();
    const log = createSearchLog(capturingLogger().logger, systemOf(kit.database.db));
    const search = searchToLog({
      hits: [
        { id: doomed[0]!, score: 0.9 },
        { id: ids[1]!, score: 0.4 },
      ],
    });
    log.record(search);
    await log.settled();
    const results = await kit.database.ownerDb
      .selectFrom("vector.search_results")
      .select(["rank", "embedding_id"])
      .where("query_id", "=", search.queryId)
      .execute();
    expect(results).toEqual([{ rank: 2, embedding_id: ids[1] }]);
  });
});
