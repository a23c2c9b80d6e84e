import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let memberId: string;
let objectId: string;

function as<T>(userId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId, organizationId: tenant.organizationId }, work);
}

function sqlState(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "succeeded",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

const takeOver = (userId: string, owner: string) =>
  as(userId, (trx) => trx.updateTable("storage.objects").set({ owner }).where("id", "=", objectId).execute());

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "storage-admin-writes");
    const member = await trx
      .insertInto("users")
      .values({ email: `member-${crypto.randomUUID()}@example.test` })
      .returning("id")
      .executeTakeFirstOrThrow();
    memberId = member.id;
    await trx
      .insertInto("organization_users")
      .values({ organization_id: tenant.organizationId, user_id: memberId, role: "member" })
      .execute();
    const bucket = await trx
      .insertInto("storage.buckets")
      .values({ organization_id: tenant.organizationId, name: "closed", default_access: "none" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const object = await trx
      .insertInto("storage.objects")
      .values({
        organization_id: tenant.organizationId,
        bucket_id: bucket.id,
        name: "ledger.txt",
        owner: tenant.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    objectId = object.id;
    await trx
      .insertInto("access_controls")
      .values({
        organization_id: tenant.organizationId,
        object_id: objectId,
        entity_type: "user",
        entity_id: memberId,
        permission: "admin",
      })
      .execute();
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("storage writes reserved to owners and admins (0028)", () => {
  it("refuses even an admin grant's holder taking the object over, so revoking the grant takes it back", async () => {
    expect(await sqlState(takeOver(memberId, memberId))).toBe("42501");
  });

  it("lets the organization's owner pass ownership on", async () => {
    expect(await sqlState(takeOver(tenant.userId, memberId))).toBe("succeeded");
    expect(await sqlState(takeOver(tenant.userId, tenant.userId))).toBe("succeeded");
  });

  it("leaves creating buckets to the organization's owners and admins", async () => {
    const create = (userId: string, name: string) =>
      as(userId, (trx) =>
        trx
          .insertInto("storage.buckets")
          .values({ organization_id: tenant.organizationId, name, owner: userId })
          .execute(),
      );
    expect(await sqlState(create(memberId, "members-own"))).toBe("42501");
    expect(await sqlState(create(tenant.userId, "owners-own"))).toBe("succeeded");
  });
});
