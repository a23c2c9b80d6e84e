import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObject, seedObjects } from "../testing/seed-objects";

let kit: StorageTestKit;
let org: TestOrganization;
let member: TestPerson;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("archive");
  member = await kit.createUser("member");
  await kit.addMember(org.id, member, "member");
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "docs" });
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "attic" });
});

afterAll(async () => {
  await kit?.close();
});

const objects = () => kit.as(member, org.id).storage.objects;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("storage.objects: listing and describing", () => {
  it("lists a bucket's objects by path a page at a time, narrowed by prefix or search", async () => {
    await seedObjects(kit, member, org.id, [
      { bucket: "docs", path: "list/b.txt", body: "b" },
      { bucket: "docs", path: "list/a.txt", body: "a" },
      { bucket: "docs", path: "list/deep/Notes.md", body: "notes" },
      { bucket: "docs", path: "other/c.txt", body: "c" },
    ]);
    const first = await objects().list.query({ bucket: "docs", prefix: "list/", limit: 2 });
    expect(first.items.map((item) => item.path)).toEqual(["list/a.txt", "list/b.txt"]);
    expect(first.nextCursor).toBe("list/b.txt");
    const second = await objects().list.query({ bucket: "docs", prefix: "list/", limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ path: "list/deep/Notes.md" }], nextCursor: null });
    const found = await objects().list.query({ bucket: "docs", search: "NOTES" });
    expect(found.items.map((item) => item.path)).toEqual(["list/deep/Notes.md"]);
  });

  it("describes an object by bucket and path, and by id", async () => {
    const seeded = await seedObject(kit, member, org.id, {
      bucket: "docs",
      path: "described/readme.md",
      body: "# Read me",
      contentType: "text/markdown",
    });
    const info = await objects().info.query({ bucket: "docs", path: "described/readme.md" });
    expect(info).toMatchObject({
      bucket: "docs",
      path: "described/readme.md",
      size: 9,
      mimeType: "text/markdown",
      checksum: sha256("# Read me"),
      owner: member.id,
    });
    expect(await objects().get.query({ objectId: seeded.id })).toEqual(info);
  });

  it("answers NOT_FOUND for a missing object, id or bucket", async () => {
    expect(await codeOf(objects().info.query({ bucket: "docs", path: "nothing/here" }))).toBe("NOT_FOUND");
    expect(await codeOf(objects().get.query({ objectId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await codeOf(objects().list.query({ bucket: "nowhere" }))).toBe("NOT_FOUND");
    expect(await codeOf(objects().remove.mutate({ bucket: "nowhere", paths: ["a"] }))).toBe("NOT_FOUND");
  });

  it("refuses malformed names with BAD_REQUEST naming each field", async () => {
    const move = await failureOf(objects().move.mutate({ bucket: "Docs", from: "a//b", to: "../c" }));
    expect(move.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(move.data.fieldErrors ?? {}).sort()).toEqual(["bucket", "from", "to"]);
    const sign = await failureOf(objects().createSignedUrl.mutate({ bucket: "docs", path: "a", expiresIn: 0 }));
    expect(Object.keys(sign.data.fieldErrors ?? {})).toEqual(["expiresIn"]);
    const get = await failureOf(objects().get.query({ objectId: "not-an-id" }));
    expect(Object.keys(get.data.fieldErrors ?? {})).toEqual(["objectId"]);
  });
});

describe("storage.objects: moving and removing", () => {
  it("renames an object within its bucket and moves it into another", async () => {
    const seeded = await seedObject(kit, member, org.id, { bucket: "docs", path: "move/draft.txt", body: "draft" });
    const renamed = await objects().move.mutate({ bucket: "docs", from: "move/draft.txt", to: "move/final.txt" });
    expect(renamed).toMatchObject({ id: seeded.id, bucket: "docs", path: "move/final.txt", checksum: seeded.checksum });
    const moved = await objects().move.mutate({
      bucket: "docs",
      from: "move/final.txt",
      to: "old/final.txt",
      destinationBucket: "attic",
    });
    expect(moved).toMatchObject({ id: seeded.id, bucket: "attic", path: "old/final.txt" });
    expect(await codeOf(objects().info.query({ bucket: "docs", path: "move/final.txt" }))).toBe("NOT_FOUND");
    expect((await objects().get.query({ objectId: seeded.id })).bucket).toBe("attic");
  });

  it("refuses to move onto a taken path (CONFLICT already_exists) or from a missing one (NOT_FOUND)", async () => {
    await seedObjects(kit, member, org.id, [
      { bucket: "docs", path: "clash/one.txt", body: "1" },
      { bucket: "docs", path: "clash/two.txt", body: "2" },
    ]);
    const clash = await failureOf(
      objects().move.mutate({ bucket: "docs", from: "clash/one.txt", to: "clash/two.txt" }),
    );
    expect(clash.data).toMatchObject({ code: "CONFLICT", reason: "already_exists" });
    expect(await codeOf(objects().move.mutate({ bucket: "docs", from: "clash/none.txt", to: "clash/three.txt" }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(
        objects().move.mutate({ bucket: "docs", from: "clash/one.txt", to: "x", destinationBucket: "nowhere" }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("removes objects by path, answering those removed and skipping paths with none", async () => {
    await seedObjects(kit, member, org.id, [
      { bucket: "docs", path: "bin/1.txt", body: "1" },
      { bucket: "docs", path: "bin/2.txt", body: "2" },
    ]);
    const removed = await objects().remove.mutate({
      bucket: "docs",
      paths: ["bin/1.txt", "bin/2.txt", "bin/none.txt"],
    });
    expect(removed.map((item) => item.path).sort()).toEqual(["bin/1.txt", "bin/2.txt"]);
    expect((await objects().list.query({ bucket: "docs", prefix: "bin/" })).items).toEqual([]);
    expect(await objects().remove.mutate({ bucket: "docs", paths: ["bin/1.txt"] })).toEqual([]);
  });
});
