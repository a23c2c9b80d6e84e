import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let modelId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "pending-vectors");
    const model = await trx
      .insertInto("vector.embedding_models")
      .values({ organization_id: tenant.organizationId, name: "three", provider: "precomputed", dimensions: 3 })
      .returning("id")
      .executeTakeFirstOrThrow();
    modelId = model.id;
  });
});

afterAll(async () => {
  await database?.destroy();
});

/** Inserts one embedding as the services do (app role, tenant transaction); answers its id. */
function insertEmbedding(content: string, vectors: { embedding: string | null; pending_embedding: string | null }) {
  return withTenant(database.db, { userId: tenant.userId, organizationId: tenant.organizationId }, async (trx) => {
    const row = await trx
      .insertInto("vector.embeddings")
      .values({
        organization_id: tenant.organizationId,
        model_id: modelId,
        model: "three",
        content,
        dimensions: 3,
        ...vectors,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

describe("pending embeddings (0033)", () => {
  it("stores a vector in either column", async () => {
    await expect(
      insertEmbedding("in the graph", { embedding: "[1,2,3]", pending_embedding: null }),
    ).resolves.toBeTruthy();
    await expect(insertEmbedding("pending", { embedding: null, pending_embedding: "[1,2,3]" })).resolves.toBeTruthy();
  });

  it("refuses a row with no vector, or with two", async () => {
    await expect(insertEmbedding("none", { embedding: null, pending_embedding: null })).rejects.toMatchObject({
      constraint: "embeddings_one_vector_check",
    });
    await expect(insertEmbedding("both", { embedding: "[1,2,3]", pending_embedding: "[1,2,3]" })).rejects.toMatchObject(
      {
        constraint: "embeddings_one_vector_check",
      },
    );
  });

  it("checks a pending vector's dimensions against the row's", async () => {
    await expect(insertEmbedding("short", { embedding: null, pending_embedding: "[1,2]" })).rejects.toMatchObject({
      constraint: "embeddings_pending_dimensions_check",
    });
  });

  it("indexes only the pending rows, by organization and model", async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_indexdef('vector.embeddings_pending_idx'::regclass) as definition
    `.execute(database.ownerDb);
    expect(rows[0]?.definition).toMatch(/\(organization_id, model_id\) WHERE \(pending_embedding IS NOT NULL\)$/);
  });
});
