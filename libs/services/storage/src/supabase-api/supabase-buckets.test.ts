import { StorageClient } from "@supabase/storage-js";
import type { TestOrganization, TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";

let kit: StorageTestKit;
let org: TestOrganization;
let member: TestPerson;
let owner: StorageClient;

const clientOf = (root: string, person: TestPerson) =>
  new StorageClient(root, { Authorization: `Bearer ${person.token}` });

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("buckets");
  member = await kit.createUser("member");
  await kit.addMember(org.id, member, "member");
  owner = clientOf(kit.apiUrl(org.id), org.owner);
});

afterAll(async () => {
  await kit?.close();
});

describe("Supabase bucket API through storage-js", () => {
  it("creates a bucket and answers it as getBucket and listBuckets read it", async () => {
    const created = await owner.createBucket("avatars", {
      public: true,
      fileSizeLimit: "2MB",
      allowedMimeTypes: ["image/png", ""],
    });
    expect(created).toEqual({ data: { name: "avatars" }, error: null });
    const { data: bucket } = await owner.getBucket("avatars");
    expect(bucket).toMatchObject({
      id: "avatars",
      name: "avatars",
      public: true,
      owner: org.owner.id,
      file_size_limit: 2_000_000,
      allowed_mime_types: ["image/png"],
    });
    expect(Date.parse(bucket!.created_at)).not.toBeNaN();
    const { data: listed } = await owner.listBuckets({ search: "avat" });
    expect(listed?.map((each) => each.name)).toEqual(["avatars"]);
  });

  it("pages the list by limit and offset, in name order", async () => {
    for (const name of ["page-b", "page-a", "page-c"]) await owner.createBucket(name);
    const { data } = await owner.listBuckets({ search: "page-", limit: 1, offset: 1 });
    expect(data?.map((each) => each.name)).toEqual(["page-b"]);
  });

  it("refuses a list order it does not offer, and a body that is not JSON", async () => {
    expect((await owner.listBuckets({ sortColumn: "created_at" })).error).toMatchObject({ status: 400 });
    const response = await fetch(`${kit.apiUrl(org.id)}/bucket`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.owner.token}`, "content-type": "application/json" },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: "400", code: "InvalidRequest" });
  });

  it("refuses a second bucket of the same name with Supabase's 409", async () => {
    await owner.createBucket("twice");
    const { error } = await owner.createBucket("twice");
    expect(error).toMatchObject({ status: 409, statusCode: "409", message: "The resource already exists" });
  });

  it("refuses a name storage cannot hold", async () => {
    const { error } = await owner.createBucket("Not A Name");
    expect(error).toMatchObject({ status: 400, message: "Bucket name invalid" });
  });

  it("updates a bucket's settings", async () => {
    await owner.createBucket("docs", { public: false, fileSizeLimit: 1000 });
    const { data } = await owner.updateBucket("docs", {
      public: true,
      fileSizeLimit: null,
      allowedMimeTypes: ["text/*"],
    });
    expect(data).toEqual({ message: "Successfully updated" });
    expect((await owner.getBucket("docs")).data).toMatchObject({
      public: true,
      file_size_limit: null,
      allowed_mime_types: ["text/*"],
    });
  });

  it("empties a bucket, then deletes it; a bucket still holding objects is refused", async () => {
    await owner.createBucket("scratch");
    await owner.from("scratch").upload("a.txt", "alpha");
    await owner.from("scratch").upload("nested/b.txt", "beta");
    expect((await owner.deleteBucket("scratch")).error).toMatchObject({
      status: 409,
      message: "The bucket you tried to delete is not empty",
    });
    expect((await owner.emptyBucket("scratch")).error).toBeNull();
    expect((await owner.from("scratch").list()).data).toEqual([]);
    expect((await owner.deleteBucket("scratch")).data).toEqual({ message: "Successfully deleted" });
    expect((await owner.getBucket("scratch")).error).toMatchObject({ status: 404, message: "Bucket not found" });
  });

  it("lets members read buckets but not configure them", async () => {
    const asMember = clientOf(kit.apiUrl(org.id), member);
    expect((await asMember.getBucket("avatars")).data?.name).toBe("avatars");
    expect((await asMember.createBucket("mine")).error).toMatchObject({ status: 403 });
    expect((await asMember.deleteBucket("avatars")).error).toMatchObject({ status: 403 });
  });

  it("names the organization by its slug as well as its id", async () => {
    const slug = (
      await kit.database.ownerDb
        .selectFrom("organizations")
        .select("slug")
        .where("id", "=", org.id)
        .executeTakeFirstOrThrow()
    ).slug;
    const bySlug = clientOf(kit.apiUrl(slug), org.owner);
    expect((await bySlug.getBucket("avatars")).data?.id).toBe("avatars");
  });

  it("refuses callers without a token and outsiders", async () => {
    expect((await new StorageClient(kit.apiUrl(org.id)).listBuckets()).error).toMatchObject({ status: 401 });
    const outsider = await kit.createOrganization("elsewhere");
    const { data, error } = await clientOf(kit.apiUrl(org.id), outsider.owner).getBucket("avatars");
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 403 });
  });
});
