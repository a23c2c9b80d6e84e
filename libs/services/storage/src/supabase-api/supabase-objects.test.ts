import { StorageClient } from "@supabase/storage-js";
import type { TestOrganization } from "@cauldron/testing";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestBackend, type StorageTestKit } from "../testing";

const bytesOf = async (blob: Blob | null) => Buffer.from(await blob!.arrayBuffer());
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each<StorageTestBackend>(["filesystem", "s3"])("Supabase object API through storage-js on %s", (backend) => {
  let kit: StorageTestKit;
  let org: TestOrganization;
  let storage: StorageClient;
  const files = () => storage.from("files");

  beforeAll(async () => {
    kit = await startStorageTestKit({ backend, workers: false });
    org = await kit.createOrganization("objects");
    storage = new StorageClient(kit.apiUrl(org.id), { Authorization: `Bearer ${org.owner.token}` });
    await storage.createBucket("files");
    await storage.createBucket("archive");
  });

  afterAll(async () => {
    await kit?.close();
  });

  it("uploads a string, a Buffer, a Blob and a Node stream, and downloads each byte for byte", async () => {
    const bodies: [string, string | Buffer | Blob | Readable, Buffer][] = [
      ["text.txt", "hello, storage", Buffer.from("hello, storage")],
      ["buffer.bin", Buffer.from([0, 1, 2, 254, 255]), Buffer.from([0, 1, 2, 254, 255])],
      ["blob.bin", new Blob([Buffer.from("from a blob")]), Buffer.from("from a blob")],
      [
        "stream.txt",
        Readable.from([Buffer.from("streamed "), Buffer.from("in parts")]),
        Buffer.from("streamed in parts"),
      ],
    ];
    for (const [path, body, expected] of bodies) {
      const { data, error } = await files().upload(`kinds/${path}`, body);
      expect(error).toBeNull();
      expect(data).toMatchObject({ path: `kinds/${path}`, fullPath: `files/kinds/${path}` });
      expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await bytesOf((await files().download(`kinds/${path}`)).data)).toEqual(expected);
    }
  });

  it("streams a large upload through and back unchanged", async () => {
    const large = randomBytes(6 * 1024 * 1024 + 123);
    const chunks = Array.from({ length: Math.ceil(large.length / 65_536) }, (_, index) =>
      large.subarray(index * 65_536, (index + 1) * 65_536),
    );
    expect(
      (await files().upload("large.bin", Readable.from(chunks), { contentType: "application/octet-stream" })).error,
    ).toBeNull();
    const { data } = await files().info("large.bin");
    expect(data).toMatchObject({ size: large.length, etag: `"${sha256(large)}"` });
    expect(sha256(await bytesOf((await files().download("large.bin")).data))).toBe(sha256(large));
  });

  it("keeps the type, Cache-Control and metadata an upload declares, raw or as a form", async () => {
    await files().upload("meta/raw.json", '{"a":1}', {
      contentType: "application/json",
      cacheControl: "60",
      metadata: { owner: "team-a" },
    });
    await files().upload("meta/form.txt", new Blob(["form bytes"], { type: "text/plain" }), {
      cacheControl: "120",
      metadata: { kind: "form" },
    });
    expect((await files().info("meta/raw.json")).data).toMatchObject({
      name: "meta/raw.json",
      bucketId: "files",
      contentType: "application/json",
      cacheControl: "max-age=60",
      metadata: { owner: "team-a" },
      size: 7,
    });
    expect((await files().info("meta/form.txt")).data).toMatchObject({
      contentType: "text/plain",
      cacheControl: "max-age=120",
      metadata: { kind: "form" },
    });
  });

  it("refuses an upload to a taken path with Supabase's 409, and replaces it with upsert or update", async () => {
    await files().upload("taken.txt", "first");
    const { error } = await files().upload("taken.txt", "second");
    expect(error).toMatchObject({ status: 409, statusCode: "409", message: "The resource already exists" });
    expect((await files().upload("taken.txt", "upserted", { upsert: true })).error).toBeNull();
    expect((await bytesOf((await files().download("taken.txt")).data)).toString()).toBe("upserted");
    expect((await files().update("taken.txt", "updated in place")).error).toBeNull();
    expect((await bytesOf((await files().download("taken.txt")).data)).toString()).toBe("updated in place");
  });

  it("says whether an object exists", async () => {
    await files().upload("here.txt", "present");
    expect(await files().exists("here.txt")).toMatchObject({ data: true, error: null });
    expect((await files().exists("gone.txt")).data).toBe(false);
    expect((await files().info("gone.txt")).error).toMatchObject({ status: 404, message: "Object not found" });
  });

  it("moves and copies objects, within a bucket and into another", async () => {
    await files().upload("move/source.txt", "moving");
    expect((await files().move("move/source.txt", "move/target.txt")).data).toMatchObject({
      message: "Successfully moved",
    });
    expect((await files().exists("move/source.txt")).data).toBe(false);
    expect((await files().copy("move/target.txt", "copies/one.txt", { destinationBucket: "archive" })).data).toEqual({
      path: "archive/copies/one.txt",
    });
    const copied = await storage.from("archive").download("copies/one.txt");
    expect((await bytesOf(copied.data)).toString()).toBe("moving");
    expect(
      (await files().move("move/target.txt", "copies/one.txt", { destinationBucket: "archive" })).error,
    ).toMatchObject({
      status: 409,
    });
  });

  it("removes objects in bulk, answering those it removed", async () => {
    await files().upload("bulk/a.txt", "a");
    await files().upload("bulk/b.txt", "b");
    const { data } = await files().remove(["bulk/a.txt", "bulk/b.txt", "bulk/never.txt"]);
    expect(data?.map((object) => object.name).sort()).toEqual(["bulk/a.txt", "bulk/b.txt"]);
    expect((await files().list("bulk")).data).toEqual([]);
  });
});
