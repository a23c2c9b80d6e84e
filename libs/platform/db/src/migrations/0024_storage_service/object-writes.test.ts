import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../schema/database.generated";
import { createTenant, type TenantFixture } from "../../tenancy/fixtures/core";
import { withSystem, withTenant } from "../../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let memberId: string;
const buckets = { open: "", closed: "" };
const objects: Record<string, string> = {};

function asMember<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId: memberId, organizationId: tenant.organizationId }, work);
}

function sqlState(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "succeeded",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

async function rename(name: string, to: string): Promise<bigint> {
  const result = await asMember((trx) =>
    trx.updateTable("storage.objects").set({ name: to }).where("id", "=", objects[name]!).executeTakeFirst(),
  );
  objects[to] = objects[name]!;
  return result.numUpdatedRows;
}

async function remove(name: string): Promise<bigint> {
  const result = await asMember((trx) =>
    trx.deleteFrom("storage.objects").where("id", "=", objects[name]!).executeTakeFirst(),
  );
  return result.numDeletedRows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "storage-writes");
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
    for (const [key, access] of [
      ["open", "write"],
      ["closed", "none"],
    ] as const) {
      const row = await trx
        .insertInto("storage.buckets")
        .values({ organization_id: tenant.organizationId, name: key, default_access: access })
        .returning("id")
        .executeTakeFirstOrThrow();
      buckets[key] = row.id;
    }
    for (const [name, permission] of [
      ["read.txt", "read"],
      ["write.txt", "write"],
      ["delete.txt", "delete"],
      ["admin.txt", "admin"],
    ] as const) {
      const row = await trx
        .insertInto("storage.objects")
        .values({ organization_id: tenant.organizationId, bucket_id: buckets.closed, name, owner: tenant.userId })
        .returning("id")
        .executeTakeFirstOrThrow();
      objects[name] = row.id;
      await trx
        .insertInto("access_controls")
        .values({
          organization_id: tenant.organizationId,
          object_id: row.id,
          entity_type: "user",
          entity_id: memberId,
          permission,
        })
        .execute();
    }
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("object writes by grant", () => {
  it("lets a read grant neither change nor delete the object", async () => {
    expect(await rename("read.txt", "read-renamed.txt")).toBe(0n);
    expect(await remove("read.txt")).toBe(0n);
  });

  it("lets a write grant change the object but not delete it", async () => {
    expect(await rename("write.txt", "write-renamed.txt")).toBe(1n);
    expect(await remove("write-renamed.txt")).toBe(0n);
  });

  it("lets a delete grant delete the object", async () => {
    expect(await remove("delete.txt")).toBe(1n);
  });

  it("refuses a write grant's holder taking the object over", async () => {
    const takeOver = asMember((trx) =>
      trx.updateTable("storage.objects").set({ owner: memberId }).where("id", "=", objects["write.txt"]!).execute(),
    );
    expect(await sqlState(takeOver)).toBe("42501");
  });

  it("refuses even an admin grant's holder taking the object over, so revoking the grant takes it back", async () => {
    const takeOver = asMember((trx) =>
      trx.updateTable("storage.objects").set({ owner: memberId }).where("id", "=", objects["admin.txt"]!).execute(),
    );
    expect(await sqlState(takeOver)).toBe("42501");
  });

  it("leaves creating buckets to the organization's owners and admins", async () => {
    const created = asMember((trx) =>
      trx
        .insertInto("storage.buckets")
        .values({ organization_id: tenant.organizationId, name: "members-own", owner: memberId })
        .execute(),
    );
    expect(await sqlState(created)).toBe("42501");
  });

  it("adds metadata only to objects the caller may write", async () => {
    const describe = (name: string) =>
      asMember((trx) =>
        trx
          .insertInto("file_metadata")
          .values({ organization_id: tenant.organizationId, object_id: objects[name]!, title: name })
          .execute(),
      );
    expect(await sqlState(describe("read.txt"))).toBe("42501");
    expect(await sqlState(describe("write.txt"))).toBe("succeeded");
  });
});

describe("handing objects over", () => {
  it("lets the organization's owner give an object to another member, who may then delete it", async () => {
    const handOver = withTenant(database.db, { userId: tenant.userId, organizationId: tenant.organizationId }, (trx) =>
      trx.updateTable("storage.objects").set({ owner: memberId }).where("id", "=", objects["read.txt"]!).execute(),
    );
    expect(await sqlState(handOver)).toBe("succeeded");
    expect(await remove("read.txt")).toBe(1n);
  });
});

describe("new objects, grants and bucket settings", () => {
  const upload = (bucket: keyof typeof buckets, name: string, owner: string) =>
    asMember((trx) =>
      trx
        .insertInto("storage.objects")
        .values({ organization_id: tenant.organizationId, bucket_id: buckets[bucket], name, owner })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );

  it("lets a member write their own objects into a writable bucket only", async () => {
    expect(await sqlState(upload("open", "mine.txt", memberId))).toBe("succeeded");
    expect(await sqlState(upload("open", "forged.txt", tenant.userId))).toBe("42501");
    expect(await sqlState(upload("closed", "mine.txt", memberId))).toBe("42501");
  });

  it("refuses moving an object into a bucket the caller may not write", async () => {
    const moved = await sqlState(
      asMember((trx) =>
        trx.updateTable("storage.objects").set({ bucket_id: buckets.closed }).where("name", "=", "mine.txt").execute(),
      ),
    );
    expect(moved).toBe("42501");
  });

  it("refuses a member granting themselves a bucket or opening it to everyone", async () => {
    const selfGrant = asMember((trx) =>
      trx
        .insertInto("access_controls")
        .values({
          organization_id: tenant.organizationId,
          bucket_id: buckets.closed,
          entity_type: "user",
          entity_id: memberId,
          permission: "admin",
        })
        .execute(),
    );
    expect(await sqlState(selfGrant)).toBe("42501");
    const opened = await asMember((trx) =>
      trx
        .updateTable("storage.buckets")
        .set({ default_access: "write" })
        .where("id", "=", buckets.closed)
        .executeTakeFirst(),
    );
    expect(opened.numUpdatedRows).toBe(0n);
    const byOwner = await withTenant(
      database.db,
      { userId: tenant.userId, organizationId: tenant.organizationId },
      (trx) =>
        trx
          .updateTable("storage.buckets")
          .set({ default_access: "read" })
          .where("id", "=", buckets.closed)
          .executeTakeFirst(),
    );
    expect(byOwner.numUpdatedRows).toBe(1n);
  });
});
