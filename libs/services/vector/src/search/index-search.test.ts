import { randomUUID } from "node:crypto";
import { createDatabase, withTenant } from "@cauldron/db";
import { sql } from "kysely";
import { startTestService, type TestService } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { createVectorService, type VectorRouter } from "../vector-service";
import { exactNearestQuery, indexNearestQuery, useIndexScan, type NearestRequest } from "./nearest-embeddings";
import {
  buildModelIndex,
  seedEmbeddings,
  seededRandom,
  seedModel,
  type SeedModel,
  type SeedRow,
} from "./search-fixtures";

/*
 * One model shared by two organizations through one HNSW index: a small organization (3,000
 * rows, a filter matching 1% of them) and a big one (24,000 rows, all nearer to the query than
 * any of the small one's). Searches must come back full and close to the exact answer, and never
 * with the other organization's rows, whether the index is forced (VECTOR_EXACT_SEARCH_MAX_ROWS=0)
 * or the defaults choose.
 */

const DIMENSIONS = 32;
const TOP_K = 10;
const QUERY = [1, ...new Array<number>(DIMENSIONS - 1).fill(0)];
const RARE = { tag: "rare" };

interface StoredRow extends SeedRow {
  id: string;
}

interface Tenant {
  organization: VectorTestOrganization;
  rows: StoredRow[];
}

let kit: VectorTestKit;
let defaults: TestService<VectorRouter>;
let model: SeedModel;
let small: Tenant;
let big: Tenant;

function rowsOf(count: number, seed: string, nearQuery: boolean): SeedRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    content: `${seed} row ${i}`,
    // Stored as single precision, so the expected answers are computed from the same numbers.
    vector: Array.from({ length: DIMENSIONS }, (_, d) =>
      Math.fround(nearQuery && d === 0 ? 3 + random() : random() - 0.5),
    ),
    metadata: { tag: i % 100 === 0 ? "rare" : "common", ...(i % 1_000 === 7 ? { special: true } : {}) },
    ...(i % 1_000 === 7 ? { entityType: "special", entityId: randomUUID() } : {}),
  }));
}

async function seedTenant(label: string, count: number, nearQuery: boolean): Promise<Tenant> {
  const organization = await kit.createOrganization(label);
  const rows = rowsOf(count, label, nearQuery);
  const ids = await seedEmbeddings(kit.database.ownerDb, organization.id, model, rows);
  return { organization, rows: rows.map((row, i) => ({ ...row, id: ids[i]! })) };
}

function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return 1 - dot / Math.sqrt(normA * normB);
}

function exactAnswer(tenant: Tenant, matches: (row: StoredRow) => boolean): string[] {
  return tenant.rows
    .filter(matches)
    .map((row) => ({ id: row.id, distance: cosineDistance(row.vector, QUERY) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, TOP_K)
    .map((row) => row.id);
}

function recall(found: readonly string[], expected: readonly string[]): number {
  const wanted = new Set(expected);
  return found.filter((id) => wanted.has(id)).length / expected.length;
}

async function defaultsClientOf(organization: VectorTestOrganization) {
  const token = await defaults.signer.issueAccessToken({ userId: organization.owner.id });
  return defaults.client({ token, organizationId: organization.id });
}

/** The query's topK nearest in the tenant, through the service with its default settings. */
async function searchWithDefaults(tenant: Tenant, extra: { entityIds?: string[] } = {}) {
  const client = await defaultsClientOf(tenant.organization);
  return client.vector.search.query({ modelId: model.id, vector: QUERY, topK: TOP_K, ...extra });
}

beforeAll(async () => {
  kit = await startVectorTestKit({ config: { VECTOR_EXACT_SEARCH_MAX_ROWS: 0 } }, { workers: false });
  defaults = await startTestService(createVectorService(), { db: kit.database.db, workers: false });
  model = await seedModel(kit.database.ownerDb, {
    organizationId: null,
    name: `shared-${randomUUID()}`,
    dimensions: DIMENSIONS,
    distance: "cosine",
  });
  small = await seedTenant("small", 3_000, false);
  big = await seedTenant("big", 24_000, true);
  await buildModelIndex(kit.database.ownerDb, model.id);
  // Plans depend on statistics; take them now rather than whenever autovacuum gets to it.
  const owner = createDatabase({ url: kit.database.ownerUrl, poolMax: 1 });
  await sql`analyze vector.embeddings`.execute(owner);
  await owner.destroy();
});

afterAll(async () => {
  await defaults?.close();
  await kit?.close();
});

describe("filtered top-k search in a shared index", () => {
  const cases = [
    { service: "forced index", label: "small", tenant: () => small, filter: true },
    { service: "forced index", label: "small", tenant: () => small, filter: false },
    { service: "forced index", label: "big", tenant: () => big, filter: true },
    { service: "forced index", label: "big", tenant: () => big, filter: false },
    { service: "defaults", label: "small", tenant: () => small, filter: true },
    { service: "defaults", label: "big", tenant: () => big, filter: true },
  ] as const;

  for (const { service, label, tenant: tenantOf, filter } of cases) {
    it(`returns topK rows of the ${label} organization only, near the exact answer (${service}, ${filter ? "1% filter" : "no filter"})`, async () => {
      const tenant = tenantOf();
      const client =
        service === "defaults" ? await defaultsClientOf(tenant.organization) : kit.ownerOf(tenant.organization);
      const answer = await client.vector.search.query({
        modelId: model.id,
        vector: QUERY,
        topK: TOP_K,
        // HNSW places each row on a random level, so a graph and its recall differ from build to
        // build; searching past the default ef_search keeps this check about tenancy, not luck.
        ...(service === "forced index" ? { efSearch: 200 } : {}),
        ...(filter ? { filter: RARE } : {}),
      });

      const ids = answer.hits.map((hit) => hit.id);
      expect(ids).toHaveLength(TOP_K);
      const own = new Set(tenant.rows.map((row) => row.id));
      expect(ids.every((id) => own.has(id))).toBe(true);
      if (filter) expect(answer.hits.every((hit) => hit.metadata.tag === "rare")).toBe(true);
      const expected = exactAnswer(tenant, (row) => !filter || row.metadata?.tag === "rare");
      expect(recall(ids, expected)).toBeGreaterThanOrEqual(0.9);
    });
  }

  it("returns every matching row when fewer than topK match", async () => {
    const answer = await kit.ownerOf(small.organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      topK: TOP_K,
      filter: { special: true },
    });
    const expected = small.rows.filter((row) => row.metadata?.special === true).map((row) => row.id);
    expect(expected).toHaveLength(3);
    expect(answer.hits.map((hit) => hit.id).sort()).toEqual([...expected].sort());
  });

  it("answers exactly when asked, in the exact order with cosine similarities", async () => {
    const answer = await kit.ownerOf(big.organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      topK: TOP_K,
      filter: RARE,
      exact: true,
    });
    expect(answer.strategy).toBe("exact");
    expect(answer.hits.map((hit) => hit.id)).toEqual(exactAnswer(big, (row) => row.metadata?.tag === "rare"));
    const byId = new Map(big.rows.map((row) => [row.id, row]));
    for (const hit of answer.hits) {
      expect(hit.score).toBeCloseTo(1 - cosineDistance(byId.get(hit.id)!.vector, QUERY), 5);
    }
  });

  it("compares named entities exactly where the index would serve the organization", async () => {
    const special = big.rows.filter((row) => row.metadata?.special === true);
    const answer = await searchWithDefaults(big, { entityIds: special.map((row) => row.entityId!) });
    expect(answer.strategy).toBe("exact");
    expect(answer.hits.map((hit) => hit.id)).toEqual(exactAnswer(big, (row) => row.metadata?.special === true));
  });

  it("searches a small organization exactly and a big one through the index by default", async () => {
    const smallAnswer = await searchWithDefaults(small);
    const bigAnswer = await searchWithDefaults(big);
    expect(smallAnswer.strategy).toBe("exact");
    expect(bigAnswer.strategy).toBe("index");
  });

  it("accepts efSearch on the index path", async () => {
    const answer = await kit.ownerOf(big.organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      topK: TOP_K,
      efSearch: 400,
    });
    expect(answer.strategy).toBe("index");
    expect(
      recall(
        answer.hits.map((hit) => hit.id),
        exactAnswer(big, () => true),
      ),
    ).toBeGreaterThanOrEqual(0.9);
  });
});

describe("models over 2,000 dimensions", () => {
  it("are searched through their halfvec index", async () => {
    const dimensions = 2_048;
    const wide = await seedModel(kit.database.ownerDb, {
      organizationId: small.organization.id,
      name: "wide",
      dimensions,
      distance: "cosine",
    });
    // Components of -1, 0 and 1 keep a 2,048-number query within the URL a query is sent in.
    const random = seededRandom("wide");
    const rows = Array.from({ length: 30 }, (_, i) => ({
      content: `wide row ${i}`,
      vector: Array.from({ length: dimensions }, () => Math.floor(random() * 3) - 1),
    }));
    const ids = await seedEmbeddings(kit.database.ownerDb, small.organization.id, wide, rows);
    await buildModelIndex(kit.database.ownerDb, wide.id);
    const query = rows[3]!.vector;

    const answer = await kit
      .ownerOf(small.organization)
      .vector.search.query({ modelId: wide.id, vector: query, topK: 5 });
    expect(answer.strategy).toBe("index");
    expect(answer.hits).toHaveLength(5);
    expect(answer.hits[0]!.id).toBe(ids[3]);
    expect(answer.hits[0]!.score).toBeCloseTo(1, 5);
    const expected = rows
      .map((row, i) => ({ id: ids[i]!, distance: cosineDistance(row.vector, query) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 5)
      .map((row) => row.id);
    expect(
      recall(
        answer.hits.map((hit) => hit.id),
        expected,
      ),
    ).toBeGreaterThanOrEqual(0.8);
  });
});

describe("search plans", () => {
  function requestOf(tenant: Tenant, filter: boolean): NearestRequest {
    return {
      scope: { organizationId: tenant.organization.id, modelId: model.id, ...(filter ? { filter: RARE } : {}) },
      model: { id: model.id, dimensions: DIMENSIONS, distance: "cosine" },
      query: QUERY,
      limit: TOP_K,
      includeVectors: false,
    };
  }

  async function planOf(tenant: Tenant, build: (trx: Parameters<typeof useIndexScan>[0]) => Promise<unknown[]>) {
    const rows = await withTenant(
      kit.database.db,
      { userId: tenant.organization.owner.id, organizationId: tenant.organization.id },
      async (trx) => {
        await useIndexScan(trx, { efSearch: 100, maxScanTuples: 20_000 });
        return build(trx);
      },
    );
    return rows.map((row) => Object.values(row as Record<string, string>).join("")).join("\n");
  }

  it("walks the model's HNSW index on the index path, filters included", async () => {
    const indexName = await kit.database.ownerDb
      .selectFrom("vector.embedding_models")
      .select("index_name")
      .where("id", "=", model.id)
      .executeTakeFirstOrThrow();
    for (const filter of [false, true]) {
      const plan = await planOf(big, (trx) => indexNearestQuery(trx, requestOf(big, filter)).explain());
      expect(plan).toContain(`Index Scan using ${indexName.index_name}`);
    }
  });

  it("never walks the HNSW index on the exact path", async () => {
    for (const tenant of [small, big]) {
      const plan = await planOf(tenant, (trx) => exactNearestQuery(trx, requestOf(tenant, false)).explain());
      expect(plan).not.toMatch(/hnsw/i);
      expect(plan).toMatch(/Scan/);
    }
  });
});
