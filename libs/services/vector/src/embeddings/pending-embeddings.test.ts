import { randomUUID } from "node:crypto";
import { createDatabase } from "@cauldron/db";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModelIndex, seedEmbeddings, seededRandom, seedModel, type SeedModel } from "../search/search-fixtures";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { STAGED_WRITE_MAX_ROWS } from "./embedding-writes";
import { indexPendingEmbeddings } from "./pending-embeddings-job";

/*
 * A small write's vectors wait outside the model's HNSW graph until the pending-embeddings job
 * adds them; meanwhile every search path must find them as if they were in it. The service here
 * always walks the index (VECTOR_EXACT_SEARCH_MAX_ROWS=0) and runs no workers, so the tests move
 * pending vectors themselves.
 */

const DIMENSIONS = 8;
const QUERY = [1, 0, 0, 0, 0, 0, 0, 0];

let kit: VectorTestKit;
let organization: VectorTestOrganization;
let model: SeedModel;

interface StoredVectors {
  embedding: string | null;
  pending_embedding: string | null;
}

async function storedVectors(id: string): Promise<StoredVectors> {
  return kit.database.ownerDb
    .selectFrom("vector.embeddings")
    .select(["embedding", "pending_embedding"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

function searchNearQuery(options: { exact?: boolean } = {}) {
  return kit.ownerOf(organization).vector.search.query({ modelId: model.id, vector: QUERY, topK: 3, ...options });
}

beforeAll(async () => {
  kit = await startVectorTestKit({ config: { VECTOR_EXACT_SEARCH_MAX_ROWS: 0 } }, { workers: false });
  organization = await kit.createOrganization("pending");
  model = await seedModel(kit.database.ownerDb, {
    organizationId: organization.id,
    name: `pending-${randomUUID()}`,
    dimensions: DIMENSIONS,
    distance: "cosine",
  });
  // Rows in the graph, all far from the query: the nearest rows are the ones the tests write.
  const random = seededRandom("pending");
  const far = Array.from({ length: 500 }, (_, i) => ({
    content: `far row ${i}`,
    vector: [-1, ...Array.from({ length: DIMENSIONS - 1 }, () => random() - 0.5)],
  }));
  await seedEmbeddings(kit.database.ownerDb, organization.id, model, far);
  await buildModelIndex(kit.database.ownerDb, model.id);
  const owner = createDatabase({ url: kit.database.ownerUrl, poolMax: 1 });
  await sql`analyze vector.embeddings`.execute(owner);
  await owner.destroy();
});

afterAll(async () => {
  await kit?.close();
});

describe("vectors of small writes, pending outside the HNSW graph", () => {
  let freshId: string;

  it("are stored pending, and found at once through the index path and the exact path", async () => {
    const written = await kit.ownerOf(organization).vector.embeddings.upsert.mutate({
      modelId: model.id,
      items: [{ content: "fresh row", vector: QUERY, metadata: { fresh: true } }],
    });
    freshId = written.items[0]!.id;
    const stored = await storedVectors(freshId);
    expect(stored.embedding).toBeNull();
    expect(stored.pending_embedding).not.toBeNull();

    const viaIndex = await searchNearQuery();
    expect(viaIndex.strategy).toBe("index");
    expect(viaIndex.hits).toHaveLength(3);
    expect(viaIndex.hits[0]).toMatchObject({ id: freshId, metadata: { fresh: true } });
    expect(viaIndex.hits[0]!.score).toBeCloseTo(1, 5);

    const exact = await searchNearQuery({ exact: true });
    expect(exact.hits.map((hit) => hit.id)).toEqual(viaIndex.hits.map((hit) => hit.id));
  });

  it("never stand in for graph rows a short walk of the graph did not reach", async () => {
    // Only the pending row matches: the graph's walk finds none, so the search is answered exactly.
    const { strategy, hits } = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      topK: 3,
      filter: { fresh: true },
    });
    expect(strategy).toBe("exact");
    expect(hits.map((hit) => hit.id)).toEqual([freshId]);
  });

  it("read back with their vectors while pending", async () => {
    const { items } = await kit.ownerOf(organization).vector.embeddings.get.query({
      ids: [freshId],
      includeVectors: true,
    });
    expect(items[0]!.vector).toEqual(QUERY);
  });

  it("join the graph when the job moves them, and searches answer the same", async () => {
    const before = await searchNearQuery();
    expect(await indexPendingEmbeddings(kit.database.db)).toBeGreaterThanOrEqual(1);
    const stored = await storedVectors(freshId);
    expect(stored.pending_embedding).toBeNull();
    expect(stored.embedding).not.toBeNull();
    expect(await indexPendingEmbeddings(kit.database.db)).toBe(0);

    const after = await searchNearQuery();
    expect(after.strategy).toBe("index");
    expect(after.hits.map((hit) => [hit.id, hit.score])).toEqual(before.hits.map((hit) => [hit.id, hit.score]));
  });

  it("wait again when a small write changes a row already in the graph", async () => {
    const nearer = [1, 0.01, 0, 0, 0, 0, 0, 0];
    await kit.ownerOf(organization).vector.embeddings.upsert.mutate({
      modelId: model.id,
      items: [{ content: "fresh row", vector: nearer, metadata: { fresh: "again" } }],
    });
    const stored = await storedVectors(freshId);
    expect(stored.embedding).toBeNull();
    expect(stored.pending_embedding).not.toBeNull();
    const found = await searchNearQuery();
    const hits = found.hits.filter((hit) => hit.id === freshId);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.metadata).toEqual({ fresh: "again" });
  });
});

describe("vectors of bulk writes", () => {
  it(`go into the graph in the write itself (more than ${STAGED_WRITE_MAX_ROWS} rows)`, async () => {
    const items = Array.from({ length: STAGED_WRITE_MAX_ROWS + 1 }, (_, i) => ({
      content: `bulk row ${i}`,
      vector: [0.5, i / 100, 0, 0, 0, 0, 0, 1],
    }));
    const written = await kit.ownerOf(organization).vector.embeddings.upsert.mutate({ modelId: model.id, items });
    const stored = await kit.database.ownerDb
      .selectFrom("vector.embeddings")
      .select(["embedding", "pending_embedding"])
      .where(
        "id",
        "in",
        written.items.map((item) => item.id),
      )
      .execute();
    expect(stored).toHaveLength(items.length);
    expect(stored.every((row) => row.embedding !== null && row.pending_embedding === null)).toBe(true);
  });
});
