import { StorageClient } from "@supabase/storage-js";
import type { TestOrganization } from "@cauldron/testing";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestBackend, type StorageTestKit } from "../testing";

const DIGITS = "0123456789";

describe.each<StorageTestBackend>(["filesystem", "s3"])("downloads over HTTP on %s", (backend) => {
  let kit: StorageTestKit;
  let org: TestOrganization;
  let storage: StorageClient;

  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    fetch(`${kit.apiUrl(org.id)}/object/${path}`, {
      method,
      headers: { authorization: `Bearer ${org.owner.token}`, ...headers },
    });

  beforeAll(async () => {
    kit = await startStorageTestKit({ backend, workers: false });
    org = await kit.createOrganization("downloads");
    storage = new StorageClient(kit.apiUrl(org.id), { Authorization: `Bearer ${org.owner.token}` });
    await storage.createBucket("files");
    await storage.from("files").upload("digits.txt", DIGITS, { contentType: "text/plain", cacheControl: "300" });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it("answers the whole object with its type, length, validators and caching", async () => {
    const response = await get("files/digits.txt");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(DIGITS);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "text/plain",
      "content-length": "10",
      etag: `"${createHash("sha256").update(DIGITS).digest("hex")}"`,
      "cache-control": "max-age=300",
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
    });
    expect(Date.parse(response.headers.get("last-modified") ?? "")).not.toBeNaN();
    expect(response.headers.get("content-disposition")).toBeNull();
  });

  it("answers one byte range with 206 and Content-Range", async () => {
    const middle = await get("files/digits.txt", { range: "bytes=2-5" });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 2-5/10");
    expect(middle.headers.get("content-length")).toBe("4");
    expect(await middle.text()).toBe("2345");
    const suffix = await get("files/digits.txt", { range: "bytes=-3" });
    expect(await suffix.text()).toBe("789");
  });

  it("refuses a range past the end with 416 in Supabase's shape", async () => {
    const response = await get("files/digits.txt", { range: "bytes=20-" });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */10");
    expect(await response.json()).toMatchObject({ statusCode: "416", code: "InvalidRange" });
  });

  it("answers 304 with no body when If-None-Match holds the ETag", async () => {
    const etag = (await get("files/digits.txt")).headers.get("etag")!;
    const response = await get("files/digits.txt", { "if-none-match": `W/"other", ${etag}` });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    expect(await response.text()).toBe("");
  });

  it("offers the object for saving, under its own name or the one asked for", async () => {
    const own = await get("files/digits.txt?download");
    expect(own.headers.get("content-disposition")).toBe(
      `attachment; filename="digits.txt"; filename*=UTF-8''digits.txt`,
    );
    const named = await get(`files/digits.txt?download=${encodeURIComponent('rapport "été".txt')}`);
    expect(named.headers.get("content-disposition")).toBe(
      `attachment; filename="rapport __t__.txt"; filename*=UTF-8''rapport%20%22%C3%A9t%C3%A9%22.txt`,
    );
  });

  it("answers HEAD with the headers alone, and serves the authenticated path alike", async () => {
    const head = await get("files/digits.txt", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("10");
    expect(await head.text()).toBe("");
    expect(await (await get("authenticated/files/digits.txt")).text()).toBe(DIGITS);
  });

  it("keeps names with spaces and non-ASCII letters as they were given", async () => {
    const files = storage.from("files");
    expect((await files.upload("reports/été 2024/résumé.txt", "summer")).error).toBeNull();
    expect((await files.download("reports/été 2024/résumé.txt")).data?.size).toBe(6);
    const encoded = ["reports", "été 2024", "résumé.txt"].map(encodeURIComponent).join("/");
    expect(await (await get(`files/${encoded}`)).text()).toBe("summer");
    expect((await files.list("reports/été 2024")).data?.map((entry) => entry.name)).toEqual(["résumé.txt"]);
  });
});
