import { toVectorLiteral, withTenant, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

let kit: VectorTestKit;
let organization: VectorTestOrganization;

beforeAll(async () => {
  kit = await startVectorTestKit();
  organization = await kit.createOrganization("indexes");
});

afterAll(async () => {
  await kit?.close();
});

type Client = ReturnType<VectorTestKit["ownerOf"]>;
type Distance = "cosine" | "inner_product" | "l2";

const OPERATORS = { cosine: sql`<=>`, inner_product: sql`<#>`, l2: sql`<->` } as const;

async function readyModel(client: Client, modelId: string) {
  await expect
    .poll(async () => (await client.vector.models.get.query({ modelId })).index.state, { timeout: 20_000 })
    .toBe("ready");
  return client.vector.models.get.query({ modelId });
}

async function indexDefinition(modelId: string): Promise<{ indexname: string; indexdef: string }> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select i.indexname, i.indexdef
    from pg_indexes i
    join vector.embedding_models m on m.index_name = i.indexname
    where i.schemaname = 'vector' and i.tablename = 'embeddings' and m.id = ${modelId}
  `.execute(kit.database.ownerDb);
  expect(rows).toHaveLength(1);
  return rows[0] ?? { indexname: "", indexdef: "" };
}

/** The plan of the query search runs for a model, as the organization (RLS on), with sequential scans priced out. */
async function nearestNeighbourPlan(
  db: Kysely<Database>,
  model: { id: string; dimensions: number; distance: Distance },
  element: "vector" | "halfvec",
): Promise<string> {
  const query = toVectorLiteral(Array.from({ length: model.dimensions }, (_, i) => ((i % 7) + 1) / 7));
  const type = sql`${sql.raw(element)}(${sql.lit(model.dimensions)})`;
  return withTenant(db, { userId: organization.owner.id, organizationId: organization.id }, async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ "QUERY PLAN": unknown }>`
      explain (format json)
      select id from vector.embeddings
      where organization_id = ${organization.id} and model_id = ${model.id}
      order by embedding::${type} ${OPERATORS[model.distance]} ${query}::${type}
      limit 5
    `.execute(trx);
    return JSON.stringify(rows[0]?.["QUERY PLAN"]);
  });
}

describe("model indexes", () => {
  it.each([
    { distance: "cosine" as const, opclass: "vector_cosine_ops", m: 8, efConstruction: 40 },
    { distance: "inner_product" as const, opclass: "vector_ip_ops", m: 12, efConstruction: 24 },
    { distance: "l2" as const, opclass: "vector_l2_ops", m: 16, efConstruction: 64 },
  ])(
    "builds a $distance model's partial HNSW index with its operator class, m and ef_construction, used by its nearest-neighbour query",
    async ({ distance, opclass, m, efConstruction }) => {
      const client = kit.ownerOf(organization);
      const registered = await client.vector.models.register.mutate({
        name: `indexed-${distance}`,
        provider: "precomputed",
        dimensions: 48,
        distance,
        index: { m, efConstruction },
      });
      const model = await readyModel(client, registered.id);
      expect(model.index).toMatchObject({ state: "ready", error: null, progress: null, m, efConstruction });
      expect(model.index.builtAt).toBeInstanceOf(Date);

      const { indexname, indexdef } = await indexDefinition(model.id);
      expect(indexdef).toContain("USING hnsw (((embedding)::vector(48)) " + opclass + ")");
      expect(indexdef).toContain(`WITH (m='${m}', ef_construction='${efConstruction}')`);
      expect(indexdef).toContain(`WHERE (model_id = '${model.id}'::uuid)`);
      expect(await nearestNeighbourPlan(kit.database.db, { ...model, distance }, "vector")).toContain(
        `"Index Name":"${indexname}"`,
      );
    },
  );

  it("indexes a model of more than 2,000 dimensions as halfvec", async () => {
    const client = kit.ownerOf(organization);
    const registered = await client.vector.models.register.mutate({
      name: "wide-vectors",
      provider: "precomputed",
      dimensions: 3000,
    });
    const model = await readyModel(client, registered.id);
    const { indexname, indexdef } = await indexDefinition(model.id);
    expect(indexdef).toContain("USING hnsw (((embedding)::halfvec(3000)) halfvec_cosine_ops)");
    expect(await nearestNeighbourPlan(kit.database.db, { ...model, distance: "cosine" }, "halfvec")).toContain(
      `"Index Name":"${indexname}"`,
    );
  });

  it("builds an index for each organization's own model, each restricted to that model's rows", async () => {
    const other = await kit.createOrganization("indexes-other");
    const mine = await kit
      .ownerOf(organization)
      .vector.models.register.mutate({ name: "shared-name", provider: "hash", dimensions: 32 });
    const theirs = await kit
      .ownerOf(other)
      .vector.models.register.mutate({ name: "shared-name", provider: "hash", dimensions: 32 });
    await readyModel(kit.ownerOf(organization), mine.id);
    await readyModel(kit.ownerOf(other), theirs.id);
    const mineIndex = await indexDefinition(mine.id);
    const theirIndex = await indexDefinition(theirs.id);
    expect(mineIndex.indexname).not.toBe(theirIndex.indexname);
    expect(mineIndex.indexdef).toContain(mine.id);
    expect(theirIndex.indexdef).toContain(theirs.id);
  });
});
