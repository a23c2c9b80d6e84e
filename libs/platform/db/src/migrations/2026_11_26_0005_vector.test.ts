import { createHash } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_EMBEDDING_MODELS, BUILTIN_HASH_MODEL_ID } from "../builtin-embedding-models";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import type { Database } from "../schema/database.generated";
import { withSystem, withTenant } from "../tenant";
import { toVectorLiteral } from "../vector-literal";

let database: TestDatabase;
let tenantA: TenantFixture;
let tenantB: TenantFixture;

function vector384(seed: number): string {
  return toVectorLiteral(Array.from({ length: 384 }, (_, i) => Math.sin(seed * 7.3 + i)));
}

function asTenant<T>(tenant: TenantFixture, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId: tenant.userId, organizationId: tenant.organizationId }, work);
}

function planText(rows: unknown[]): string {
  return JSON.stringify(rows);
}

beforeAll(async () => {
  database = await createTestDatabase();
  [tenantA, tenantB] = await withSystem(database.db, async (trx) => [
    await createTenant(trx, "vector-a"),
    await createTenant(trx, "vector-b"),
  ]);
});

afterAll(async () => {
  await database?.destroy();
});

describe("vector schema", () => {
  it("seeds the built-in models with their fixed ids, readable by every tenant", async () => {
    for (const tenant of [tenantA, tenantB]) {
      const models = await asTenant(tenant, (trx) =>
        trx
          .selectFrom("vector.embedding_models")
          .select(["id", "name", "provider", "dimensions", "is_default"])
          .where("organization_id", "is", null)
          .orderBy("name")
          .execute(),
      );
      expect(models).toEqual(
        BUILTIN_EMBEDDING_MODELS.map((model) => ({
          id: model.id,
          name: model.name,
          provider: model.provider,
          dimensions: model.dimensions,
          is_default: model.isDefault,
        })).sort((a, b) => a.name.localeCompare(b.name)),
      );
    }
  });

  it("lets a tenant neither change, delete nor add a built-in model", async () => {
    await asTenant(tenantA, async (trx) => {
      const updated = await trx
        .updateTable("vector.embedding_models")
        .set({ description: "mine now" })
        .where("id", "=", BUILTIN_HASH_MODEL_ID)
        .executeTakeFirst();
      const deleted = await trx.deleteFrom("vector.embedding_models").where("organization_id", "is", null).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(0n);
      expect(deleted.numDeletedRows).toBe(0n);
    });
    await expect(
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("vector.embedding_models")
          .values({ organization_id: null, name: "sneaky-global", provider: "openai-compatible", dimensions: 3 })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("allows one default model per organization next to the built-in default", async () => {
    const insertDefault = (name: string) =>
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("vector.embedding_models")
          .values({ organization_id: tenantA.organizationId, name, provider: "openai-compatible", dimensions: 3, is_default: true })
          .execute(),
      );
    await insertDefault("house-default");
    await expect(insertDefault("second-default")).rejects.toThrow(/embedding_models_default_key/);
  });

  it("rejects an embedding whose dimensions disagree with its vector or with its model", async () => {
    const insert = (vector: string, dimensions: number) =>
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("vector.embeddings")
          .values({
            organization_id: tenantA.organizationId,
            model_id: BUILTIN_HASH_MODEL_ID,
            model: "cauldron-hash-384",
            content: `mismatch ${dimensions}`,
            embedding: vector,
            dimensions,
          })
          .execute(),
      );
    await expect(insert(toVectorLiteral([1, 2, 3]), 384)).rejects.toThrow(/check constraint/);
    await expect(insert(toVectorLiteral([1, 2, 3]), 3)).rejects.toThrow(/model .* produces 384/);
  });

  it("refuses to embed with another organization's model", async () => {
    const foreignModel = await withSystem(database.db, (trx) =>
      trx
        .insertInto("vector.embedding_models")
        .values({ organization_id: tenantB.organizationId, name: "b-private", provider: "openai-compatible", dimensions: 3 })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    await expect(
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("vector.embeddings")
          .values({
            organization_id: tenantA.organizationId,
            model_id: foreignModel.id,
            model: "b-private",
            content: "borrowed",
            embedding: toVectorLiteral([1, 2, 3]),
            dimensions: 3,
          })
          .execute(),
      ),
    ).rejects.toThrow(/not available to organization/);
  });

  it("keys an embedding by content hash, model and entity so re-embedding upserts", async () => {
    const entityId = "5d1f3c9e-8f7a-4b2c-9d0e-1a2b3c4d5e6f";
    const upsert = () =>
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("vector.embeddings")
          .values({
            organization_id: tenantA.organizationId,
            model_id: BUILTIN_HASH_MODEL_ID,
            model: "cauldron-hash-384",
            content: "the same words",
            embedding: vector384(1),
            dimensions: 384,
            entity_type: "document_chunk",
            entity_id: entityId,
          })
          .onConflict((oc) =>
            oc
              .columns(["organization_id", "model_id", "content_hash", "entity_type", "entity_id"])
              .doUpdateSet({ updated_at: sql`now()` }),
          )
          .returning(["id", "content_hash"])
          .executeTakeFirstOrThrow(),
      );
    const first = await upsert();
    const second = await upsert();
    expect(second.id).toBe(first.id);
    // the database derives it, so a service can compute the same key: sha-256 hex of the UTF-8 text
    expect(first.content_hash).toBe(createHash("sha256").update("the same words", "utf8").digest("hex"));
  });

  it("plans a nearest-neighbour search for a built-in model on that model's HNSW index", async () => {
    await asTenant(tenantA, async (trx) => {
      await trx
        .insertInto("vector.embeddings")
        .values(
          Array.from({ length: 50 }, (_, i) => ({
            organization_id: tenantA.organizationId,
            model_id: BUILTIN_HASH_MODEL_ID,
            model: "cauldron-hash-384",
            content: `sample ${i}`,
            embedding: vector384(i + 10),
            dimensions: 384,
          })),
        )
        .execute();
    });
    await asTenant(tenantA, async (trx) => {
      // With a few dozen rows a scan plus sort is cheaper; the point here is that the index matches
      // the query's expression and predicate at all, which the cost model then weighs at scale.
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_sort = off`.execute(trx);
      const withExpression = await sql`
        explain (format json)
        select id from vector.embeddings
        where model_id = ${sql.lit(BUILTIN_HASH_MODEL_ID)}
        order by embedding::vector(384) <=> ${vector384(99)}::vector(384)
        limit 10
      `.execute(trx);
      const withoutCast = await sql`
        explain (format json)
        select id from vector.embeddings
        where model_id = ${sql.lit(BUILTIN_HASH_MODEL_ID)}
        order by embedding <=> ${vector384(99)}::vector
        limit 10
      `.execute(trx);
      expect(planText(withExpression.rows)).toContain('"Index Name":"embeddings_hnsw_cauldron_hash_384"');
      expect(planText(withoutCast.rows)).not.toContain("embeddings_hnsw_cauldron_hash_384");
    });
  });
});
