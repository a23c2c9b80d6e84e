import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObjects } from "../testing/seed-objects";

let kit: StorageTestKit;
let org: TestOrganization;
let admin: TestPerson;
let member: TestPerson;
let viewer: TestPerson;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("vault");
  admin = await kit.createUser("admin");
  member = await kit.createUser("member");
  viewer = await kit.createUser("viewer");
  await kit.addMember(org.id, admin, "admin");
  await kit.addMember(org.id, member, "member");
  await kit.addMember(org.id, viewer, "viewer");
});

afterAll(async () => {
  await kit?.close();
});

describe("storage.buckets", () => {
  it("creates a bucket with its settings, which every member can then read", async () => {
    const created = await kit.ownerOf(org).storage.buckets.create.mutate({
      name: "avatars",
      public: true,
      fileSizeLimit: 1_000_000,
      allowedMimeTypes: ["image/*"],
      defaultAccess: "read",
    });
    expect(created).toMatchObject({
      id: "avatars",
      name: "avatars",
      public: true,
      fileSizeLimit: 1_000_000,
      allowedMimeTypes: ["image/*"],
      defaultAccess: "read",
      knowledgeSource: false,
      owner: org.owner.id,
    });
    for (const reader of [member, viewer]) {
      expect(await kit.as(reader, org.id).storage.buckets.get.query({ name: "avatars" })).toEqual(created);
    }
  });

  it("lists buckets by name, filtered by a search and paged by offset", async () => {
    const owner = kit.ownerOf(org);
    for (const name of ["list-b", "list-a", "list-c"]) await owner.storage.buckets.create.mutate({ name });
    const all = await owner.storage.buckets.list.query({ search: "list-" });
    expect(all.map((bucket) => bucket.name)).toEqual(["list-a", "list-b", "list-c"]);
    const second = await kit.as(viewer, org.id).storage.buckets.list.query({ search: "list-", limit: 1, offset: 1 });
    expect(second.map((bucket) => bucket.name)).toEqual(["list-b"]);
  });

  it("changes only the settings given", async () => {
    await kit.as(admin, org.id).storage.buckets.create.mutate({ name: "reports", fileSizeLimit: 500 });
    const updated = await kit.as(admin, org.id).storage.buckets.update.mutate({
      name: "reports",
      knowledgeSource: true,
      defaultAccess: "none",
    });
    expect(updated).toMatchObject({ fileSizeLimit: 500, knowledgeSource: true, defaultAccess: "none", public: false });
    expect((await kit.ownerOf(org).storage.buckets.get.query({ name: "reports" })).knowledgeSource).toBe(true);
  });

  it("deletes an empty bucket, after which it is not found", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "scratch" });
    expect(await kit.ownerOf(org).storage.buckets.delete.mutate({ name: "scratch" })).toEqual({ name: "scratch" });
    expect(await codeOf(kit.ownerOf(org).storage.buckets.get.query({ name: "scratch" }))).toBe("NOT_FOUND");
    expect(await codeOf(kit.ownerOf(org).storage.buckets.delete.mutate({ name: "scratch" }))).toBe("NOT_FOUND");
  });

  it("refuses to delete a bucket that still holds objects until it is emptied", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "full" });
    await seedObjects(kit, member, org.id, [
      { bucket: "full", path: "a.txt", body: "a" },
      { bucket: "full", path: "nested/b.txt", body: "b" },
    ]);
    const refused = await failureOf(kit.as(admin, org.id).storage.buckets.delete.mutate({ name: "full" }));
    expect(refused.data).toMatchObject({ code: "CONFLICT", reason: "not_empty" });
    expect(await kit.as(admin, org.id).storage.buckets.empty.mutate({ name: "full" })).toEqual({
      name: "full",
      removedObjects: 2,
    });
    expect((await kit.as(member, org.id).storage.objects.list.query({ bucket: "full" })).items).toEqual([]);
    expect(await kit.as(admin, org.id).storage.buckets.delete.mutate({ name: "full" })).toEqual({ name: "full" });
  });

  it("empties a bucket of more objects than one batch deletes", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "crowded" });
    const bucket = await kit.database.ownerDb
      .selectFrom("storage.buckets")
      .select("id")
      .where("organization_id", "=", org.id)
      .where("name", "=", "crowded")
      .executeTakeFirstOrThrow();
    // Rows only: what is asked here is that every batch of rows goes, and bytes already gone are no failure.
    await kit.database.ownerDb
      .insertInto("storage.objects")
      .values(
        Array.from({ length: 2_345 }, (_, index) => ({
          bucket_id: bucket.id,
          organization_id: org.id,
          name: `many/${String(index).padStart(5, "0")}.txt`,
        })),
      )
      .execute();
    expect(await kit.as(admin, org.id).storage.buckets.empty.mutate({ name: "crowded" })).toEqual({
      name: "crowded",
      removedObjects: 2_345,
    });
    expect(await kit.as(admin, org.id).storage.buckets.delete.mutate({ name: "crowded" })).toEqual({ name: "crowded" });
  });

  it("refuses a second bucket of the same name with CONFLICT name_taken", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "unique" });
    const failure = await failureOf(kit.as(admin, org.id).storage.buckets.create.mutate({ name: "unique" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
  });

  it("refuses bad names and settings with BAD_REQUEST naming each field", async () => {
    const failure = await failureOf(
      kit
        .ownerOf(org)
        .storage.buckets.create.mutate({ name: "Not Valid", fileSizeLimit: -1, allowedMimeTypes: ["png"] }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {}).sort()).toEqual(["allowedMimeTypes.0", "fileSizeLimit", "name"]);
    const update = await failureOf(kit.ownerOf(org).storage.buckets.update.mutate({ name: "unique" }));
    expect(update.data.code).toBe("BAD_REQUEST");
  });

  it("lets only those who manage storage create, change, empty or delete buckets", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "guarded" });
    for (const person of [member, viewer]) {
      const client = kit.as(person, org.id).storage.buckets;
      expect(await codeOf(client.create.mutate({ name: "mine" }))).toBe("FORBIDDEN");
      expect(await codeOf(client.update.mutate({ name: "guarded", public: true }))).toBe("FORBIDDEN");
      expect(await codeOf(client.empty.mutate({ name: "guarded" }))).toBe("FORBIDDEN");
      expect(await codeOf(client.delete.mutate({ name: "guarded" }))).toBe("FORBIDDEN");
    }
    expect((await kit.as(member, org.id).storage.buckets.get.query({ name: "guarded" })).public).toBe(false);
  });

  it("answers NOT_FOUND for a bucket that does not exist", async () => {
    expect(await codeOf(kit.as(member, org.id).storage.buckets.get.query({ name: "nowhere" }))).toBe("NOT_FOUND");
    expect(await codeOf(kit.ownerOf(org).storage.buckets.update.mutate({ name: "nowhere", public: true }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(kit.ownerOf(org).storage.buckets.empty.mutate({ name: "nowhere" }))).toBe("NOT_FOUND");
  });
});
