import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../schema/database.generated";
import { createTenant, type TenantFixture } from "../../tenancy/fixtures/core";
import { withSystem, withTenant } from "../../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
const people = { uploader: "", colleague: "", admin: "" };
const buckets = { open: "", closed: "", inbox: "" };

type Person = keyof typeof people | "owner";

function as<T>(person: Person, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const userId = person === "owner" ? tenant.userId : people[person];
  return withTenant(database.db, { userId, organizationId: tenant.organizationId }, work);
}

function sqlState(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "succeeded",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

function usage(organizationId = tenant.organizationId) {
  return withSystem(database.db, (trx) =>
    trx
      .selectFrom("storage.usage")
      .select(["bytes", "objects"])
      .where("organization_id", "=", organizationId)
      .executeTakeFirst(),
  );
}

function store(person: Person, bucket: keyof typeof buckets, files: Record<string, number>) {
  return as(person, (trx) =>
    trx
      .insertInto("storage.objects")
      .values(
        Object.entries(files).map(([name, size]) => ({
          organization_id: tenant.organizationId,
          bucket_id: buckets[bucket],
          name,
          size,
          owner: person === "owner" ? tenant.userId : people[person],
        })),
      )
      .execute(),
  );
}

function startUpload(person: keyof typeof people, bucket: keyof typeof buckets, objectName: string) {
  return as(person, (trx) =>
    trx
      .insertInto("storage.uploads")
      .values({
        organization_id: tenant.organizationId,
        bucket_id: buckets[bucket],
        object_name: objectName,
        owner: people[person],
        upload_length: 100,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute(),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "storage-usage");
    for (const [key, role] of [
      ["uploader", "member"],
      ["colleague", "member"],
      ["admin", "admin"],
    ] as const) {
      const user = await trx
        .insertInto("users")
        .values({ email: `${key}-${crypto.randomUUID()}@example.test` })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("organization_users")
        .values({ organization_id: tenant.organizationId, user_id: user.id, role })
        .execute();
      people[key] = user.id;
    }
    for (const [key, access] of [
      ["open", "write"],
      ["closed", "none"],
      ["inbox", "write"],
    ] as const) {
      const row = await trx
        .insertInto("storage.buckets")
        .values({ organization_id: tenant.organizationId, name: key, default_access: access })
        .returning("id")
        .executeTakeFirstOrThrow();
      buckets[key] = row.id;
    }
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("storage usage", () => {
  it("counts bytes and objects exactly through inserts, size changes and deletes", async () => {
    expect(await usage()).toBeUndefined();
    await store("uploader", "open", { "a.txt": 10, "b.txt": 20, "c.txt": 30 });
    await store("owner", "closed", { "d.txt": 5 });
    expect(await usage()).toEqual({ bytes: 65, objects: 4 });
    await as("uploader", (trx) =>
      trx.updateTable("storage.objects").set({ size: 15 }).where("name", "=", "a.txt").execute(),
    );
    await as("uploader", (trx) => trx.updateTable("storage.objects").set({ mime_type: "text/plain" }).execute());
    expect(await usage()).toEqual({ bytes: 70, objects: 4 });
    // A replace with fewer bytes lowers the count.
    await as("uploader", (trx) =>
      trx.updateTable("storage.objects").set({ size: 1 }).where("name", "=", "c.txt").execute(),
    );
    expect(await usage()).toEqual({ bytes: 41, objects: 4 });
    await as("uploader", (trx) =>
      trx.updateTable("storage.objects").set({ size: 30 }).where("name", "=", "c.txt").execute(),
    );
    await as("uploader", (trx) => trx.deleteFrom("storage.objects").where("name", "=", "b.txt").execute());
    expect(await usage()).toEqual({ bytes: 50, objects: 3 });
  });

  it("shows members their organization's usage and quota, and lets them write neither", async () => {
    await withSystem(database.db, (trx) =>
      trx.insertInto("storage.quotas").values({ organization_id: tenant.organizationId, max_bytes: 1000 }).execute(),
    );
    const seen = await as("colleague", async (trx) => ({
      usage: await trx.selectFrom("storage.usage").select(["bytes", "objects"]).executeTakeFirst(),
      quota: await trx.selectFrom("storage.quotas").select(["max_bytes", "max_objects"]).executeTakeFirst(),
    }));
    expect(seen).toEqual({ usage: { bytes: 50, objects: 3 }, quota: { max_bytes: 1000, max_objects: null } });
    const raise = as("owner", (trx) => trx.updateTable("storage.quotas").set({ max_bytes: 10_000 }).execute());
    const reset = as("owner", (trx) => trx.updateTable("storage.usage").set({ bytes: 0 }).execute());
    expect([await sqlState(raise), await sqlState(reset)]).toEqual(["42501", "42501"]);
  });

  it("refuses to delete a bucket that still holds objects; emptying it first counts down", async () => {
    const dropBucket = () =>
      withSystem(database.db, (trx) => trx.deleteFrom("storage.buckets").where("id", "=", buckets.open).execute());
    expect(await sqlState(dropBucket())).toBe("23503");
    await as("admin", (trx) => trx.deleteFrom("storage.objects").where("bucket_id", "=", buckets.open).execute());
    expect(await sqlState(dropBucket())).toBe("succeeded");
    expect(await usage()).toEqual({ bytes: 5, objects: 1 });
  });

  it("lets the organization be deleted with its objects, and its usage with it", async () => {
    const doomed = await withSystem(database.db, async (trx) => {
      const other = await createTenant(trx, "storage-doomed");
      const bucket = await trx
        .insertInto("storage.buckets")
        .values({ organization_id: other.organizationId, name: "doomed" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("storage.objects")
        .values({ organization_id: other.organizationId, bucket_id: bucket.id, name: "x.bin", size: 7 })
        .execute();
      return other.organizationId;
    });
    expect(await usage(doomed)).toEqual({ bytes: 7, objects: 1 });
    await withSystem(database.db, (trx) => trx.deleteFrom("organizations").where("id", "=", doomed).execute());
    expect(await usage(doomed)).toBeUndefined();
  });
});

describe("resumable uploads", () => {
  it("shows an upload to its owner and the organization's admins only", async () => {
    await startUpload("uploader", "inbox", "videos/big.mp4");
    const count = (person: Person) =>
      as(person, async (trx) => (await trx.selectFrom("storage.uploads").select("id").execute()).length);
    expect([await count("uploader"), await count("colleague"), await count("admin")]).toEqual([1, 0, 1]);
    const advanced = await as("colleague", (trx) =>
      trx.updateTable("storage.uploads").set({ upload_offset: 50 }).executeTakeFirst(),
    );
    expect(advanced.numUpdatedRows).toBe(0n);
  });

  it("refuses a second upload to the same path, and one into a bucket the caller may not write", async () => {
    expect(await sqlState(startUpload("colleague", "inbox", "videos/big.mp4"))).toBe("23505");
    expect(await sqlState(startUpload("colleague", "closed", "videos/other.mp4"))).toBe("42501");
  });

  it("refuses an offset beyond the upload's length", async () => {
    const overrun = as("uploader", (trx) => trx.updateTable("storage.uploads").set({ upload_offset: 101 }).execute());
    expect(await sqlState(overrun)).toBe("23514");
  });
});
