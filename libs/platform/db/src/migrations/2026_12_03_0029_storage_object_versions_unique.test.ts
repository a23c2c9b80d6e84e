import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
const objects = { mine: "", private: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "object-versions");
    const bucket = await trx
      .insertInto("storage.buckets")
      .values({ organization_id: tenant.organizationId, name: "files" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const name of ["mine", "private"] as const) {
      const row = await trx
        .insertInto("storage.objects")
        .values({ organization_id: tenant.organizationId, bucket_id: bucket.id, name, owner: tenant.userId, size: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      objects[name] = row.id;
    }
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("storage object versions (0029)", () => {
  it("refuses pointing an object at another object's bytes, even for a caller who may write both", async () => {
    const attempt = withTenant(
      database.db,
      { userId: tenant.userId, organizationId: tenant.organizationId },
      async (trx) => {
        const { version } = await trx
          .selectFrom("storage.objects")
          .select("version")
          .where("id", "=", objects.private)
          .executeTakeFirstOrThrow();
        await trx.updateTable("storage.objects").set({ version }).where("id", "=", objects.mine).execute();
      },
    );
    await expect(attempt).rejects.toMatchObject({ code: "23505", constraint: "objects_version_key" });
  });

  it("still lets an object move to fresh bytes", async () => {
    const moved = await withTenant(
      database.db,
      { userId: tenant.userId, organizationId: tenant.organizationId },
      (trx) =>
        trx
          .updateTable("storage.objects")
          .set({ version: crypto.randomUUID() })
          .where("id", "=", objects.mine)
          .executeTakeFirst(),
    );
    expect(moved.numUpdatedRows).toBe(1n);
  });
});
