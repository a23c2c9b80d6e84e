import { StorageClient } from "@supabase/storage-js";
import { sendRawRequest, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onePixelPng } from "../http-kit/mime-test-fixtures";
import type { StorageTestBackend } from "../testing";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";

describe.each<StorageTestBackend>(["filesystem", "s3"])("refused requests on %s", (backend) => {
  let observed: ObservedStorageKit;
  let org: TestOrganization;
  let storage: StorageClient;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    org = await observed.kit.createOrganization("refusals");
    storage = new StorageClient(observed.kit.apiUrl(org.id), { Authorization: `Bearer ${org.owner.token}` });
    await storage.createBucket("images", { public: false, allowedMimeTypes: ["image/png"] });
    await storage.createBucket("small", { public: false, fileSizeLimit: 1000 });
    await storage.createBucket("files");
  });

  afterAll(async () => {
    await observed?.close();
  });

  it("refuses bytes a bucket's MIME types do not allow with 415, whatever type they claim", async () => {
    const { error } = await storage.from("images").upload("fake.png", "just some text", { contentType: "image/png" });
    expect(error).toMatchObject({ status: 415, statusCode: "415" });
    expect((await storage.from("images").exists("fake.png")).data).toBe(false);
    expect(
      (await storage.from("images").upload("real.png", onePixelPng(), { contentType: "image/png" })).error,
    ).toBeNull();
  });

  it("refuses a body over the bucket's limit with 413 and keeps nothing of it, raw or as a form", async () => {
    const before = await observed.storedKeys(org.id);
    const raw = await storage.from("small").upload("big.bin", Buffer.alloc(1500, 7));
    expect(raw.error).toMatchObject({
      status: 413,
      statusCode: "413",
      message: "The object exceeded the maximum allowed size",
    });
    const form = await storage.from("small").upload("big-form.bin", new Blob([Buffer.alloc(512 * 1024, 9)]));
    expect(form.error).toMatchObject({ status: 413 });
    expect((await storage.from("small").list()).data).toEqual([]);
    expect(await observed.storedKeys(org.id)).toEqual(before);
    expect((await storage.from("small").upload("fits.bin", Buffer.alloc(900, 1))).error).toBeNull();
  });

  it.each([
    ["a dot-dot segment", "/object/files/docs/../escape.txt"],
    ["an encoded slash", "/object/files/docs%2f..%2fescape.txt"],
    ["an encoded backslash", "/object/files/docs%5cescape.txt"],
    ["a NUL byte", "/object/files/name%00.txt"],
    ["a 2 kB name", `/object/files/${"n".repeat(2048)}.txt`],
    ["an empty segment", "/object/files/docs//escape.txt"],
  ])("refuses a path with %s with 400 before anything is stored", async (_, path) => {
    const before = await observed.storedKeys(org.id);
    const response = await sendRawRequest(observed.kit.service.url, {
      method: "POST",
      path: `/orgs/${org.id}${path}`,
      headers: [
        ["authorization", `Bearer ${org.owner.token}`],
        ["content-type", "text/plain"],
      ],
      body: "hostile bytes",
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ statusCode: "400", code: "InvalidKey" });
    expect(await observed.storedKeys(org.id)).toEqual(before);
    expect((await storage.from("files").list("", { limit: 1000 })).data).toEqual([]);
  });

  it("never hands another organization's bytes to an outsider", async () => {
    await storage.from("files").upload("private.txt", "for members only");
    const outsider = await observed.kit.createOrganization("outsider");
    const intruding = new StorageClient(observed.kit.apiUrl(org.id), {
      Authorization: `Bearer ${outsider.owner.token}`,
    });
    expect((await intruding.from("files").download("private.txt")).error).toMatchObject({ status: 403 });
    expect((await intruding.from("files").list()).error).toMatchObject({ status: 403 });
    expect((await intruding.from("files").createSignedUrl("private.txt", 60)).error).toMatchObject({ status: 403 });
    expect((await intruding.from("files").upload("planted.txt", "x")).error).toMatchObject({ status: 403 });
    const ownUrl = new StorageClient(observed.kit.apiUrl(outsider.id), {
      Authorization: `Bearer ${outsider.owner.token}`,
    });
    expect((await ownUrl.from("files").download("private.txt")).error).toMatchObject({ status: 404 });
  });
});
