import { StorageClient } from "@supabase/storage-js";
import type { TestOrganization, TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";

let kit: StorageTestKit;
let org: TestOrganization;
let storage: StorageClient;
const files = () => storage.from("files");
const namesOf = (entries: { name: string }[] | null) => entries?.map((entry) => entry.name);

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("listing");
  storage = new StorageClient(kit.apiUrl(org.id), { Authorization: `Bearer ${org.owner.token}` });
  await storage.createBucket("files");
  for (const path of [
    "docs/a.txt",
    "docs/B.txt",
    "docs/sub/c.txt",
    "docs/sub/deeper/d.txt",
    "docs/other/e.txt",
    "top.txt",
  ]) {
    await files().upload(path, `bytes of ${path}`, { contentType: "text/plain" });
  }
});

afterAll(async () => {
  await kit?.close();
});

describe("POST /object/list/:bucket through storage-js", () => {
  it("lists a folder's files and each sub-folder once, sub-folders with id null", async () => {
    const { data } = await files().list("docs");
    expect(namesOf(data)).toEqual(["a.txt", "B.txt", "other", "sub"]);
    const [file, , folder] = data!;
    expect(file).toMatchObject({
      name: "a.txt",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      metadata: { size: "bytes of docs/a.txt".length, mimetype: "text/plain", httpStatusCode: 200 },
    });
    expect(Date.parse(file!.created_at!)).not.toBeNaN();
    expect(folder).toEqual({
      name: "other",
      id: null,
      updated_at: null,
      created_at: null,
      last_accessed_at: null,
      metadata: null,
    });
  });

  it("lists the bucket's root, and takes a prefix with or without its trailing slash", async () => {
    expect(namesOf((await files().list()).data)).toEqual(["docs", "top.txt"]);
    expect(namesOf((await files().list("docs/sub/")).data)).toEqual(["c.txt", "deeper"]);
  });

  it("filters by the start of the name, ignoring case", async () => {
    expect(namesOf((await files().list("docs", { search: "b" })).data)).toEqual(["B.txt"]);
    expect(namesOf((await files().list("docs", { search: "S" })).data)).toEqual(["sub"]);
  });

  it("pages with limit and offset", async () => {
    expect(namesOf((await files().list("docs", { limit: 2, offset: 1 })).data)).toEqual(["B.txt", "other"]);
  });

  it("sorts by name either way, and by a date with the folders first", async () => {
    const descending = await files().list("docs", { sortBy: { column: "name", order: "desc" } });
    expect(namesOf(descending.data)).toEqual(["sub", "other", "B.txt", "a.txt"]);
    const newest = await files().list("docs", { sortBy: { column: "created_at", order: "desc" } });
    expect(namesOf(newest.data)).toEqual(["sub", "other", "B.txt", "a.txt"]);
    const oldest = await files().list("docs", { sortBy: { column: "created_at", order: "asc" } });
    expect(namesOf(oldest.data)).toEqual(["other", "sub", "a.txt", "B.txt"]);
  });

  it("shows a member only what they may read, folders included", async () => {
    await storage.createBucket("private");
    await kit.ownerOf(org).storage.buckets.update.mutate({ name: "private", defaultAccess: "none" });
    await storage.from("private").upload("hidden/secret.txt", "secret");
    const member: TestPerson = await kit.createUser("member");
    await kit.addMember(org.id, member, "member");
    const asMember = new StorageClient(kit.apiUrl(org.id), { Authorization: `Bearer ${member.token}` });
    expect((await asMember.from("private").list()).data).toEqual([]);
    expect(namesOf((await storage.from("private").list()).data)).toEqual(["hidden"]);
  });

  it("answers a bucket that does not exist with Supabase's 404", async () => {
    expect((await storage.from("nowhere").list()).error).toMatchObject({ status: 404, message: "Bucket not found" });
  });
});
