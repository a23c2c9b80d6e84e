import type { TestOrganization } from "@cauldron/testing";
import { request } from "node:http";
import { Upload } from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageTestKit } from "../testing";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";
import {
  downloadObject,
  randomFile,
  sha256,
  tusOptions,
  tusRequest,
  uploadPartKeys,
  uploadSomeChunks,
  uploadToEnd,
  type TusOptions,
} from "./tus-test-fixtures";

const CHUNK = 64 * 1024;

/** Resumes an upload from its URL with tus-js-client, noting the offset of every PATCH it sends. */
async function resume(file: Buffer, options: TusOptions, uploadUrl: string): Promise<number[]> {
  const patchedAt: number[] = [];
  await uploadToEnd(file, {
    ...options,
    uploadUrl,
    onBeforeRequest: (req) => {
      if (req.getMethod() === "PATCH") patchedAt.push(Number(req.getHeader("Upload-Offset")));
    },
  });
  return patchedAt;
}

/** Sends a PATCH announcing the rest of the file, delivers only `sent` of it, then drops the connection. */
function patchThenDrop(url: string, token: string, file: Buffer, sent: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "PATCH",
      headers: {
        "tus-resumable": "1.0.0",
        authorization: `Bearer ${token}`,
        "upload-offset": "0",
        "content-type": "application/offset+octet-stream",
        "content-length": String(file.length),
      },
    });
    req.on("error", () => undefined);
    req.on("response", () => reject(new Error("the PATCH was answered before it was cut off")));
    // Once the bytes are handed to the network, the connection goes away mid-body.
    req.write(file.subarray(0, sent), () => {
      req.destroy();
      resolve();
    });
  });
}

async function offsetOf(url: string, token: string): Promise<number> {
  const response = await tusRequest(url, { method: "HEAD", token });
  expect(response.status).toBe(200);
  return Number(response.headers.get("upload-offset"));
}

describe.each(["filesystem", "s3"] as const)("resuming TUS uploads on the %s backend", (backend) => {
  let observed: ObservedStorageKit;
  let kit: StorageTestKit;
  let org: TestOrganization;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    kit = observed.kit;
    org = await kit.createOrganization("field");
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "recordings" });
  });

  afterAll(async () => {
    await observed?.close();
  });

  it("resumes an upload stopped after some PATCHes from the offset the server holds", async () => {
    const file = randomFile(5 * CHUNK + 123);
    const target = { bucket: "recordings", path: "day one/interview.bin" };
    const options = tusOptions(kit, org.id, org.owner, target, { chunkSize: CHUNK });
    const url = await uploadSomeChunks(file, options, 2);

    const head = await tusRequest(url, { method: "HEAD", token: org.owner.token });
    expect(head.headers.get("upload-offset")).toBe(String(2 * CHUNK));
    expect(head.headers.get("upload-length")).toBe(String(file.length));
    expect(head.headers.get("cache-control")).toBe("no-store");
    expect(Date.parse(head.headers.get("upload-expires") ?? "")).toBeGreaterThan(Date.now());

    const patchedAt = await resume(file, options, url);
    expect(patchedAt[0]).toBe(2 * CHUNK);
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(file));
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
  });

  it("keeps the bytes that arrived before a PATCH was cut off, and resumes after them", async () => {
    const file = randomFile(2 * 1024 * 1024);
    const sent = 1024 * 1024;
    const target = { bucket: "recordings", path: "day one/cut off.bin" };
    const options = tusOptions(kit, org.id, org.owner, target);
    const url = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(file, {
        ...options,
        onUploadUrlAvailable: () => void upload.abort().then(() => resolve(upload.url ?? ""), reject),
        onError: reject,
      });
      upload.start();
    });
    await patchThenDrop(url, org.owner.token, file, sent);

    await expect.poll(() => offsetOf(url, org.owner.token)).toBeGreaterThan(0);
    const kept = await offsetOf(url, org.owner.token);
    expect(kept).toBeLessThanOrEqual(sent);
    const patchedAt = await resume(file, options, url);
    expect(patchedAt[0]).toBe(kept);
    expect(sha256(await downloadObject(kit, org.owner, org.id, target))).toBe(sha256(file));
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
  });

  it("resumes from the kept upload URL after the service restarts", async () => {
    const file = randomFile(4 * CHUNK);
    const target = { bucket: "recordings", path: "day two/after restart.bin" };
    const url = await uploadSomeChunks(file, tusOptions(kit, org.id, org.owner, target, { chunkSize: CHUNK }), 3);

    await kit.restart();
    // The new process listens elsewhere and signs new tokens; the upload URL's path is all that carries over.
    const owner = { ...org.owner, token: await kit.service.signer.issueAccessToken({ userId: org.owner.id }) };
    const moved = new URL(new URL(url).pathname, kit.service.url).toString();
    expect(await offsetOf(moved, owner.token)).toBe(3 * CHUNK);

    const patchedAt = await resume(file, tusOptions(kit, org.id, owner, target, { chunkSize: CHUNK }), moved);
    expect(patchedAt).toEqual([3 * CHUNK]);
    expect(sha256(await downloadObject(kit, owner, org.id, target))).toBe(sha256(file));
    expect(await uploadPartKeys(observed.bytes)).toEqual([]);
  });
});
