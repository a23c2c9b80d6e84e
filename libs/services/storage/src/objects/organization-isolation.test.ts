import { codeOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObject } from "../testing/seed-objects";

let kit: StorageTestKit;
let ours: TestOrganization;
let theirs: TestOrganization;
let theirObjectId: string;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  ours = await kit.createOrganization("ours");
  theirs = await kit.createOrganization("theirs");
  await kit.ownerOf(theirs).storage.buckets.create.mutate({ name: "secrets", defaultAccess: "read" });
  ({ id: theirObjectId } = await seedObject(kit, theirs.owner, theirs.id, {
    bucket: "secrets",
    path: "formula.txt",
    body: "x",
  }));
  await kit
    .ownerOf(theirs)
    .storage.metadata.update.mutate({ bucket: "secrets", path: "formula.txt", title: "Formula" });
});

afterAll(async () => {
  await kit?.close();
});

describe("isolation between organizations", () => {
  it("answers another organization's bucket names and object ids as NOT_FOUND, even to an owner", async () => {
    const storage = kit.ownerOf(ours).storage;
    const target = { bucket: "secrets", path: "formula.txt" };
    expect(await codeOf(storage.buckets.get.query({ name: "secrets" }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.buckets.update.mutate({ name: "secrets", public: true }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.buckets.empty.mutate({ name: "secrets" }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.buckets.delete.mutate({ name: "secrets" }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.objects.get.query({ objectId: theirObjectId }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.objects.info.query(target))).toBe("NOT_FOUND");
    expect(await codeOf(storage.objects.list.query({ bucket: "secrets" }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.objects.remove.mutate({ bucket: "secrets", paths: ["formula.txt"] }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(storage.objects.createSignedUrl.mutate({ ...target, expiresIn: 60 }))).toBe("NOT_FOUND");
    expect(await codeOf(storage.objects.verifyChecksum.query(target))).toBe("NOT_FOUND");
    expect(await codeOf(storage.metadata.get.query(target))).toBe("NOT_FOUND");
    expect(await codeOf(storage.access.list.query({ bucket: "secrets" }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        storage.access.grant.mutate({ ...target, entityType: "organization", entityId: ours.id, permission: "read" }),
      ),
    ).toBe("NOT_FOUND");
    expect((await storage.metadata.search.query({ query: "formula" })).items).toEqual([]);
    expect(await storage.buckets.list.query({})).toEqual([]);
    expect(await storage.usage.get.query()).toMatchObject({ bytes: 0, objects: 0 });
  });

  it("keeps a bucket name free in each organization", async () => {
    const mine = await kit.ownerOf(ours).storage.buckets.create.mutate({ name: "secrets" });
    expect(mine.owner).toBe(ours.owner.id);
    expect((await kit.ownerOf(ours).storage.objects.list.query({ bucket: "secrets" })).items).toEqual([]);
    expect((await kit.ownerOf(theirs).storage.objects.list.query({ bucket: "secrets" })).items).toHaveLength(1);
  });

  it("refuses to act in an organization the caller is not a member of", async () => {
    expect(await codeOf(kit.as(ours.owner, theirs.id).storage.buckets.list.query({}))).toBe("FORBIDDEN");
  });
});
