import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObject } from "../testing/seed-objects";
import { publicBaseUrl } from "./signed-links";

const PUBLIC_URL = "https://files.example.test/storage";

let kit: StorageTestKit;
let org: TestOrganization;
let member: TestPerson;
let viewer: TestPerson;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false, config: { STORAGE_PUBLIC_URL: `${PUBLIC_URL}/` } });
  org = await kit.createOrganization("links");
  member = await kit.createUser("member");
  viewer = await kit.createUser("viewer");
  await kit.addMember(org.id, member, "member");
  await kit.addMember(org.id, viewer, "viewer");
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "shared" });
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "read-only", defaultAccess: "read" });
});

afterAll(async () => {
  await kit?.close();
});

/** The address a link names, on the service under test rather than its public host. */
function served(link: string): string {
  expect(link.startsWith(`${PUBLIC_URL}/orgs/${org.id}/object/`)).toBe(true);
  return kit.service.url + link.slice(PUBLIC_URL.length);
}

function claimsOf(token: string): { op: string; exp: number; upsert?: boolean; owner?: string } {
  return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8"));
}

describe("storage.objects.createSignedUrl", () => {
  it("signs a download link under STORAGE_PUBLIC_URL that serves the object to anyone holding it", async () => {
    await seedObject(kit, member, org.id, { bucket: "shared", path: "reports/Q1 plan.txt", body: "first quarter" });
    const { signedUrl, expiresAt } = await kit
      .as(viewer, org.id)
      .storage.objects.createSignedUrl.mutate({ bucket: "shared", path: "reports/Q1 plan.txt", expiresIn: 600 });
    expect(signedUrl).toMatch(
      new RegExp(`/orgs/${org.id}/object/sign/shared/reports/Q1%20plan\\.txt\\?token=[\\w.-]+$`),
    );
    const token = new URL(signedUrl).searchParams.get("token") ?? "";
    expect(claimsOf(token)).toMatchObject({ op: "download", exp: expiresAt.getTime() / 1000 });
    const response = await fetch(served(signedUrl));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("first quarter");
  });

  it("asks browsers to save the file under the name given", async () => {
    await seedObject(kit, member, org.id, { bucket: "shared", path: "reports/q2.txt", body: "second quarter" });
    const { signedUrl } = await kit.as(member, org.id).storage.objects.createSignedUrl.mutate({
      bucket: "shared",
      path: "reports/q2.txt",
      expiresIn: 60,
      download: "Q2.txt",
    });
    expect(signedUrl.endsWith("&download=Q2.txt")).toBe(true);
    const response = await fetch(served(signedUrl));
    expect(response.headers.get("content-disposition")).toContain("attachment");
    expect(response.headers.get("content-disposition")).toContain("Q2.txt");
  });

  it("refuses to sign a link to an object that does not exist", async () => {
    const call = kit
      .as(member, org.id)
      .storage.objects.createSignedUrl.mutate({ bucket: "shared", path: "none", expiresIn: 60 });
    expect(await codeOf(call)).toBe("NOT_FOUND");
  });
});

describe("storage.objects.createSignedUploadUrl", () => {
  it("signs an upload link that stores the body without signing in, owned by the link's signer", async () => {
    const link = await kit
      .as(member, org.id)
      .storage.objects.createSignedUploadUrl.mutate({ bucket: "shared", path: "inbox/scan.txt" });
    expect(link.path).toBe("inbox/scan.txt");
    expect(link.signedUrl).toContain(`/orgs/${org.id}/object/upload/sign/shared/inbox/scan.txt?token=`);
    expect(claimsOf(link.token)).toMatchObject({ op: "upload", upsert: false, owner: member.id });
    const response = await fetch(served(link.signedUrl), {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "scanned page",
    });
    expect(response.status).toBe(200);
    const info = await kit.as(member, org.id).storage.objects.info.query({ bucket: "shared", path: "inbox/scan.txt" });
    expect(info.size).toBe("scanned page".length);
    const stored = await kit.database.ownerDb
      .selectFrom("storage.objects")
      .select("owner")
      .where("id", "=", info.id)
      .executeTakeFirstOrThrow();
    expect(stored.owner).toBe(member.id);
  });

  it("refuses a taken path unless replacing is asked for", async () => {
    await seedObject(kit, member, org.id, { bucket: "shared", path: "inbox/taken.txt", body: "taken" });
    const client = kit.as(member, org.id).storage.objects;
    const refused = await failureOf(client.createSignedUploadUrl.mutate({ bucket: "shared", path: "inbox/taken.txt" }));
    expect(refused.data).toMatchObject({ code: "CONFLICT", reason: "already_exists" });
    const replacing = await client.createSignedUploadUrl.mutate({
      bucket: "shared",
      path: "inbox/taken.txt",
      upsert: true,
    });
    expect(claimsOf(replacing.token).upsert).toBe(true);
  });

  it("is refused to those who may not write there", async () => {
    const asViewer = kit.as(viewer, org.id).storage.objects;
    expect(await codeOf(asViewer.createSignedUploadUrl.mutate({ bucket: "shared", path: "inbox/v.txt" }))).toBe(
      "FORBIDDEN",
    );
    const asMember = kit.as(member, org.id).storage.objects;
    expect(await codeOf(asMember.createSignedUploadUrl.mutate({ bucket: "read-only", path: "m.txt" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(asMember.createSignedUploadUrl.mutate({ bucket: "nowhere", path: "m.txt" }))).toBe("NOT_FOUND");
  });
});

describe("publicBaseUrl", () => {
  const linkSettings = (publicUrl?: string) => ({
    settings: { STORAGE_PUBLIC_URL: publicUrl },
    dependencies: { env: { STORAGE_SERVICE_URL: "http://storage:4106" } },
  });

  it("prefers STORAGE_PUBLIC_URL, then the request's origin, then the service's own address", () => {
    expect(publicBaseUrl(linkSettings("https://cdn.example.test/storage/"), "http://origin.test")).toBe(
      "https://cdn.example.test/storage",
    );
    expect(publicBaseUrl(linkSettings(), "http://origin.test")).toBe("http://origin.test");
    expect(publicBaseUrl(linkSettings())).toBe("http://storage:4106");
  });
});
