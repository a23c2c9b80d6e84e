import type { TestOrganization } from "@cauldron/testing";
import { Upload } from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageTestKit } from "../testing";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";
import {
  downloadObject,
  randomFile,
  sha256,
  statusOf,
  tusOptions,
  tusRequest,
  uploadPartKeys,
  uploadSomeChunks,
  uploadToEnd,
} from "./tus-test-fixtures";

// The smallest PNG: its signature and header, then its image data and end.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

describe.each(["filesystem", "s3"] as const)("TUS uploads on the %s backend", (backend) => {
  let observed: ObservedStorageKit;
  let kit: StorageTestKit;
  let org: TestOrganization;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    kit = observed.kit;
    org = await kit.createOrganization("studio");
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "media" });
  });

  afterAll(async () => {
    await observed?.close();
  });

  it("answers OPTIONS with the protocol version, its extensions and the largest upload", async () => {
    const response = await fetch(`${kit.apiUrl(org.id)}/upload/resumable`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("tus-resumable")).toBe("1.0.0");
    expect(response.headers.get("tus-version")).toBe("1.0.0");
    expect(response.headers.get("tus-extension")).toBe("creation,termination,expiration");
    expect(Number(response.headers.get("tus-max-size"))).toBeGreaterThan(0);
  });

  it("lands a file sent in several PATCHes as one object that downloads identically, leaving no parts", async () => {
    await kit.takeEvents();
    const file = randomFile(300 * 1024);
    const target = { bucket: "media", path: "clips/take one.bin" };
    await uploadToEnd(file, tusOptions(kit, org.id, org.owner, target, { chunkSize: 64 * 1024 }));

    const info = await kit.ownerOf(org).storage.objects.info.query(target);
    expect(info).toMatchObject({
      size: file.length,
      checksum: sha256(file),
      mimeType: "application/octet-stream",
      owner: org.owner.id,
    });
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(file));
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
    expect(await kit.database.ownerDb.selectFrom("storage.uploads").select("id").execute()).toEqual([]);
    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["object.created", expect.objectContaining({ bucket: "media", path: target.path, size: file.length })],
    ]);
  });

  it("sniffs the type of an upload that declares none from its first bytes, across parts", async () => {
    const target = { bucket: "media", path: "icons/dot.png" };
    const options = tusOptions(kit, org.id, org.owner, target, { chunkSize: 16 });
    await uploadToEnd(PNG, { ...options, metadata: { bucketName: "media", objectName: target.path } });
    expect(await kit.ownerOf(org).storage.objects.info.query(target)).toMatchObject({
      mimeType: "image/png",
      size: PNG.length,
    });
    expect(await downloadObject(kit, org.owner, org.id, target)).toEqual(PNG);
  });

  it("keeps the cache control and metadata the upload declared", async () => {
    const target = { bucket: "media", path: "notes/described.bin" };
    const options = tusOptions(kit, org.id, org.owner, target);
    const metadata = { ...options.metadata, cacheControl: "max-age=60", metadata: JSON.stringify({ scene: 4 }) };
    await uploadToEnd(randomFile(100), { ...options, metadata });
    expect(await kit.ownerOf(org).storage.objects.info.query(target)).toMatchObject({
      cacheControl: "max-age=60",
      metadata: { scene: 4 },
    });
  });

  it("replaces an object with x-upsert: true, and refuses its taken path without it (409)", async () => {
    const target = { bucket: "media", path: "clips/replaced.bin" };
    const first = randomFile(1_000);
    const second = randomFile(2_000);
    await uploadToEnd(first, tusOptions(kit, org.id, org.owner, target));
    await uploadToEnd(second, tusOptions(kit, org.id, org.owner, target));
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(second));

    const options = tusOptions(kit, org.id, org.owner, target, { retryDelays: null });
    const refused = await uploadToEnd(first, {
      ...options,
      headers: { ...options.headers, "x-upsert": "false" },
    }).catch((error: unknown) => error);
    expect(statusOf(refused)).toBe(409);
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(second));
  });

  it("takes PATCH sent as POST with X-HTTP-Method-Override, for clients that cannot send PATCH", async () => {
    const file = randomFile(3_000);
    const target = { bucket: "media", path: "clips/overridden.bin" };
    await uploadToEnd(
      file,
      tusOptions(kit, org.id, org.owner, target, { chunkSize: 1_000, overridePatchMethod: true }),
    );
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(file));
  });

  it("makes an empty object from an upload of no bytes", async () => {
    const target = { bucket: "media", path: "empty/nothing.bin" };
    await uploadToEnd(Buffer.alloc(0), tusOptions(kit, org.id, org.owner, target));
    expect(await kit.ownerOf(org).storage.objects.info.query(target)).toMatchObject({ size: 0 });
    expect(await kit.database.ownerDb.selectFrom("storage.uploads").select("id").execute()).toEqual([]);
  });

  it("terminates an upload: its row and parts go, and its URL then answers 404", async () => {
    const target = { bucket: "media", path: "clips/abandoned.bin" };
    const options = tusOptions(kit, org.id, org.owner, target, { chunkSize: 1_000 });
    const url = await uploadSomeChunks(randomFile(5_000), options, 2);
    expect(await uploadPartKeys(observed.bytes)).toHaveLength(2);

    await Upload.terminate(url, options);
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
    const head = await tusRequest(url, { method: "HEAD", token: org.owner.token });
    expect(head.status).toBe(404);
    expect(head.headers.get("tus-resumable")).toBe("1.0.0");
    await expect(kit.ownerOf(org).storage.objects.info.query(target)).rejects.toThrow(/not found/);
  });
});
