import type { TestOrganization, TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageTestKit } from "../testing";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";
import {
  createUploadRequest,
  randomFile,
  statusOf,
  tusOptions,
  tusRequest,
  uploadPartKeys,
  uploadToEnd,
} from "./tus-test-fixtures";

const OFFSET_BYTES = { "content-type": "application/offset+octet-stream" };

describe.each(["filesystem", "s3"] as const)("TUS refusals on the %s backend", (backend) => {
  let observed: ObservedStorageKit;
  let kit: StorageTestKit;
  let org: TestOrganization;
  let other: TestOrganization;
  let member: TestPerson;
  let viewer: TestPerson;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    kit = observed.kit;
    org = await kit.createOrganization("gallery");
    other = await kit.createOrganization("rival");
    member = await kit.createUser("member");
    viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, member, "member");
    await kit.addMember(org.id, viewer, "viewer");
    const buckets = kit.ownerOf(org).storage.buckets;
    await buckets.create.mutate({ name: "prints" });
    await buckets.create.mutate({ name: "small", fileSizeLimit: 1_000 });
    await buckets.create.mutate({ name: "images", allowedMimeTypes: ["image/*"] });
  });

  afterAll(async () => {
    await observed?.close();
  });

  /** Starts an upload as the organization's owner and answers its URL. */
  async function started(path: string, length: number, bucket = "prints"): Promise<string> {
    const response = await createUploadRequest(kit, org.id, org.owner.token, {
      length,
      metadata: { bucketName: bucket, objectName: path, contentType: "application/octet-stream" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toMatch(
      new RegExp(`^${kit.service.url}/orgs/${org.id}/upload/resumable/[0-9a-f-]{36}$`),
    );
    return response.headers.get("location")!;
  }

  async function offsetOf(url: string): Promise<string | null> {
    return (await tusRequest(url, { method: "HEAD", token: org.owner.token })).headers.get("upload-offset");
  }

  it("refuses a request in another protocol version with 412, naming the version spoken", async () => {
    const response = await tusRequest(`${kit.apiUrl(org.id)}/upload/resumable`, {
      method: "POST",
      token: org.owner.token,
      headers: { "tus-resumable": "0.2.2", "upload-length": "10" },
    });
    expect(response.status).toBe(412);
    expect(response.headers.get("tus-version")).toBe("1.0.0");
    expect(response.headers.get("tus-resumable")).toBe("1.0.0");
    expect(await response.json()).toMatchObject({ statusCode: "412" });
  });

  it("refuses a PATCH at another offset than the upload's with 409, and one not sent as offset bytes with 415", async () => {
    const url = await started("offsets/wrong.bin", 100);
    const wrongOffset = await tusRequest(url, {
      method: "PATCH",
      token: org.owner.token,
      headers: { ...OFFSET_BYTES, "upload-offset": "10" },
      body: randomFile(10),
    });
    expect(wrongOffset.status).toBe(409);
    const wrongType = await tusRequest(url, {
      method: "PATCH",
      token: org.owner.token,
      headers: { "content-type": "application/octet-stream", "upload-offset": "0" },
      body: randomFile(10),
    });
    expect(wrongType.status).toBe(415);
    expect(await offsetOf(url)).toBe("0");
  });

  it("refuses an upload longer than its bucket allows with 413 before any byte is sent", async () => {
    const target = { bucket: "small", path: "too/large.bin" };
    const refused = await uploadToEnd(randomFile(1_001), tusOptions(kit, org.id, org.owner, target)).catch(
      (error: unknown) => error,
    );
    expect(statusOf(refused)).toBe(413);
    expect(
      await kit.database.ownerDb
        .selectFrom("storage.uploads")
        .select("id")
        .where("object_name", "=", target.path)
        .execute(),
    ).toEqual([]);
  });

  it("refuses a PATCH with more bytes than the upload has left with 413, keeping none of them", async () => {
    const url = await started("overflow/short.bin", 100);
    const response = await tusRequest(url, {
      method: "PATCH",
      token: org.owner.token,
      headers: { ...OFFSET_BYTES, "upload-offset": "0" },
      body: randomFile(101),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });
    expect(await offsetOf(url)).toBe("0");
  });

  it("refuses a declared type the bucket does not take with 415 at creation", async () => {
    const response = await createUploadRequest(kit, org.id, org.owner.token, {
      length: 10,
      metadata: { bucketName: "images", objectName: "notes.txt", contentType: "text/plain" },
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "InvalidMimeType" });
  });

  it("refuses at completion bytes that are not the type the bucket takes, and drops the upload", async () => {
    const target = { bucket: "images", path: "fake/photo.png" };
    const text = Buffer.from("plain words posing as a picture\n".repeat(40));
    const options = tusOptions(kit, org.id, org.owner, { ...target, contentType: "image/png" }, { chunkSize: 500 });
    const refused = await uploadToEnd(text, options).catch((error: unknown) => error);
    expect(statusOf(refused)).toBe(415);
    await expect(kit.ownerOf(org).storage.objects.info.query(target)).rejects.toThrow(/not found/);
    expect(
      await kit.database.ownerDb
        .selectFrom("storage.uploads")
        .select("id")
        .where("object_name", "=", target.path)
        .execute(),
    ).toEqual([]);
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
  });

  it("refuses a length past the organization's quota at creation, and at completion what the quota lost meanwhile", async () => {
    const capped = await kit.createOrganization("capped");
    await kit.ownerOf(capped).storage.buckets.create.mutate({ name: "prints" });
    const create = (path: string, length: number) =>
      createUploadRequest(kit, capped.id, capped.owner.token, {
        length,
        metadata: { bucketName: "prints", objectName: path, contentType: "application/octet-stream" },
      });
    const setQuota = (maxBytes: number) =>
      kit.database.ownerDb
        .insertInto("storage.quotas")
        .values({ organization_id: capped.id, max_bytes: maxBytes })
        .onConflict((conflict) => conflict.column("organization_id").doUpdateSet({ max_bytes: maxBytes }))
        .execute();
    const uploadsOfCapped = () =>
      kit.database.ownerDb
        .selectFrom("storage.uploads")
        .select("id")
        .where("organization_id", "=", capped.id)
        .execute();

    await setQuota(1_000);
    const tooLong = await create("big/print.bin", 1_500);
    expect(tooLong.status).toBe(403);
    expect(await tooLong.json()).toMatchObject({ statusCode: "403", code: "QuotaExceeded" });
    expect(await uploadsOfCapped()).toEqual([]);

    const fitting = await create("big/print.bin", 800);
    expect(fitting.status).toBe(201);
    await setQuota(500);
    const finished = await tusRequest(fitting.headers.get("location")!, {
      method: "PATCH",
      token: capped.owner.token,
      headers: { ...OFFSET_BYTES, "upload-offset": "0" },
      body: randomFile(800),
    });
    expect(finished.status).toBe(403);
    expect(await finished.json()).toMatchObject({ statusCode: "403", code: "QuotaExceeded" });
    expect(await uploadsOfCapped()).toEqual([]);
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
  });

  it("hides an upload from another member and from another organization: HEAD, PATCH and DELETE answer 404", async () => {
    const url = await started("hidden/owned.bin", 100);
    const uploadId = url.split("/").pop()!;
    const asOtherOrganization = `${kit.apiUrl(other.id)}/upload/resumable/${uploadId}`;
    for (const [target, token] of [
      [url, member.token],
      [asOtherOrganization, other.owner.token],
    ] as const) {
      expect((await tusRequest(target, { method: "HEAD", token })).status).toBe(404);
      const patch = await tusRequest(target, {
        method: "PATCH",
        token,
        headers: { ...OFFSET_BYTES, "upload-offset": "0" },
        body: randomFile(10),
      });
      expect(patch.status).toBe(404);
      expect(await patch.json()).toMatchObject({ code: "NoSuchUpload" });
      expect((await tusRequest(target, { method: "DELETE", token })).status).toBe(404);
    }
    expect(await offsetOf(url)).toBe("0");
  });

  it("refuses a caller without a token (401) and a member without storage:write (403)", async () => {
    const metadata = { bucketName: "prints", objectName: "anyone.bin" };
    const anonymous = await tusRequest(`${kit.apiUrl(org.id)}/upload/resumable`, {
      method: "POST",
      headers: { "upload-length": "10" },
    });
    expect(anonymous.status).toBe(401);
    expect((await createUploadRequest(kit, org.id, viewer.token, { length: 10, metadata })).status).toBe(403);
  });

  it("refuses a second upload to a path while one is in progress (409)", async () => {
    await started("busy/twice.bin", 100);
    const second = await createUploadRequest(kit, org.id, org.owner.token, {
      length: 100,
      metadata: { bucketName: "prints", objectName: "busy/twice.bin" },
      headers: { "x-upsert": "true" },
    });
    expect(second.status).toBe(409);
  });

  it("refuses metadata that names no bucket, a bucket that does not exist, or a path storage cannot hold", async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ objectName: "a.bin" }, 400, "InvalidRequest"],
      [{ bucketName: "missing", objectName: "a.bin" }, 404, "NoSuchBucket"],
      [{ bucketName: "prints", objectName: "a/../b.bin" }, 400, "InvalidKey"],
      [{ bucketName: "prints", objectName: "a//b.bin" }, 400, "InvalidKey"],
      [{ bucketName: "prints", objectName: "a.bin", metadata: "[1, 2]" }, 400, "InvalidRequest"],
    ];
    for (const [metadata, status, code] of cases) {
      const response = await createUploadRequest(kit, org.id, org.owner.token, { length: 10, metadata });
      expect([response.status, (await response.json()) as unknown]).toEqual([
        status,
        expect.objectContaining({ code }),
      ]);
    }
  });
});
