import { StorageClient } from "@supabase/storage-js";
import type { TestOrganization, TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../http-kit/signed-token";
import { parseSigningKeyRing } from "../http-kit/signing-keys";
import { startStorageTestKit, type StorageTestBackend, type StorageTestKit } from "../testing";

const SIGNING_KEYS = "links:a-secret-that-is-long-enough-for-the-ring";

describe.each<StorageTestBackend>(["filesystem", "s3"])("signed and public links on %s", (backend) => {
  let kit: StorageTestKit;
  let org: TestOrganization;
  let storage: StorageClient;
  const files = () => storage.from("files");
  const clientOf = (person: TestPerson, organizationId = org.id) =>
    new StorageClient(kit.apiUrl(organizationId), { Authorization: `Bearer ${person.token}` });

  beforeAll(async () => {
    kit = await startStorageTestKit({ backend, workers: false, config: { STORAGE_SIGNING_KEYS: SIGNING_KEYS } });
    org = await kit.createOrganization("links");
    storage = clientOf(org.owner);
    await storage.createBucket("files");
    await storage.createBucket("shared", { public: true });
    await files().upload("docs/report.txt", "quarterly numbers", { contentType: "text/plain" });
    await storage.from("shared").upload("logo.txt", "public bytes", { contentType: "text/plain" });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it("makes a signed URL that anyone can download until it expires", async () => {
    const { data } = await files().createSignedUrl("docs/report.txt", 60);
    expect(data?.signedUrl.startsWith(`${kit.apiUrl(org.id)}/object/sign/files/docs/report.txt?token=`)).toBe(true);
    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("quarterly numbers");
    expect(response.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    expect(Date.parse(response.headers.get("expires") ?? "")).not.toBeNaN();
  });

  it("adds a download name to a signed URL when asked", async () => {
    const { data } = await files().createSignedUrl("docs/report.txt", 60, { download: "q3.txt" });
    const response = await fetch(data!.signedUrl);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="q3.txt"; filename*=UTF-8''q3.txt`);
  });

  it("refuses a tampered, a misdirected and an expired token", async () => {
    const { data } = await files().createSignedUrl("docs/report.txt", 60);
    const url = new URL(data!.signedUrl);
    const token = url.searchParams.get("token")!;
    const tampered = new URL(url);
    tampered.searchParams.set("token", `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`);
    const refusedTampered = await fetch(tampered);
    expect(refusedTampered.status).toBe(403);
    expect(await refusedTampered.json()).toMatchObject({ statusCode: "403", code: "InvalidSignature" });
    await files().upload("docs/other.txt", "other bytes");
    const misdirected = await fetch(`${kit.apiUrl(org.id)}/object/sign/files/docs/other.txt?token=${token}`);
    expect(misdirected.status).toBe(403);
    const expired = signToken(parseSigningKeyRing(SIGNING_KEYS), {
      op: "download",
      org: org.id,
      bucket: "files",
      path: "docs/report.txt",
      exp: Math.floor(Date.now() / 1000) - 5,
    });
    const refusedExpired = await fetch(`${kit.apiUrl(org.id)}/object/sign/files/docs/report.txt?token=${expired}`);
    expect(refusedExpired.status).toBe(403);
    expect(await refusedExpired.json()).toMatchObject({
      code: "ExpiredToken",
      message: "The provided token has expired.",
    });
    expect((await fetch(`${kit.apiUrl(org.id)}/object/sign/files/docs/report.txt`)).status).toBe(400);
  });

  it("never serves a link of one organization under another's URL", async () => {
    const { data } = await files().createSignedUrl("docs/report.txt", 60);
    const elsewhere = await kit.createOrganization("elsewhere");
    const moved = data!.signedUrl.replace(kit.apiUrl(org.id), kit.apiUrl(elsewhere.id));
    const response = await fetch(moved);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("quarterly");
  });

  it("signs many paths at once, naming those it cannot", async () => {
    const { data } = await files().createSignedUrls(["docs/report.txt", "docs/missing.txt"], 60);
    expect(data?.[1]).toEqual({
      path: "docs/missing.txt",
      error: "Either the object does not exist or you do not have access to it",
      signedURL: null,
      signedUrl: null,
    });
    expect(data?.[0]).toMatchObject({ path: "docs/report.txt", error: null });
    expect(await (await fetch(data![0]!.signedUrl!)).text()).toBe("quarterly numbers");
  });

  it("makes a signed upload URL that uploads without signing in, once unless it allows replacing", async () => {
    const { data: link } = await files().createSignedUploadUrl("inbox/drop.txt");
    expect(link?.path).toBe("inbox/drop.txt");
    const anonymous = new StorageClient(kit.apiUrl(org.id)).from("files");
    const uploaded = await anonymous.uploadToSignedUrl("inbox/drop.txt", link!.token, "dropped bytes");
    expect(uploaded).toEqual({ data: { path: "inbox/drop.txt", fullPath: "files/inbox/drop.txt" }, error: null });
    expect(await (await files().download("inbox/drop.txt")).data?.text()).toBe("dropped bytes");
    expect((await anonymous.uploadToSignedUrl("inbox/drop.txt", link!.token, "again")).error).toMatchObject({
      status: 409,
    });
    const { data: replacing } = await files().createSignedUploadUrl("inbox/drop.txt", { upsert: true });
    expect(
      (await anonymous.uploadToSignedUrl("inbox/drop.txt", replacing!.token, "replaced by a longer body")).error,
    ).toBeNull();
    expect(await (await files().download("inbox/drop.txt")).data?.text()).toBe("replaced by a longer body");
    expect((await anonymous.uploadToSignedUrl("inbox/elsewhere.txt", link!.token, "x")).error).toMatchObject({
      status: 403,
    });
  });

  it("signs upload URLs only for callers who may write", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    expect((await clientOf(viewer).from("files").createSignedUploadUrl("inbox/viewer.txt")).error).toMatchObject({
      status: 403,
    });
  });

  it("serves a public bucket's objects to anyone, and a private bucket's to no one", async () => {
    const publicUrl = storage.from("shared").getPublicUrl("logo.txt").data.publicUrl;
    const served = await fetch(publicUrl);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe("public bytes");
    expect((await fetch(storage.from("shared").getPublicUrl("absent.txt").data.publicUrl)).status).toBe(404);
    const existing = await fetch(files().getPublicUrl("docs/report.txt").data.publicUrl);
    const missing = await fetch(files().getPublicUrl("docs/nothing.txt").data.publicUrl);
    expect(existing.status).toBe(404);
    expect(await existing.json()).toEqual(await missing.json());
  });
});
