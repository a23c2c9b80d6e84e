import { request } from "node:http";
import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedObject, SeedRefused, startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";

let observed: ObservedStorageKit;
let org: TestOrganization;
let member: TestPerson;
let operator: TestPerson;

beforeAll(async () => {
  observed = await startObservedStorageKit("filesystem");
  org = await observed.kit.createOrganization("quota");
  member = await observed.kit.createUser("member");
  await observed.kit.addMember(org.id, member, "member");
  await observed.kit.ownerOf(org).storage.buckets.create.mutate({ name: "files" });
  operator = await observed.kit.createUser("operator");
  await observed.kit.database.ownerDb
    .insertInto("user_roles")
    .columns(["user_id", "role_id"])
    .expression((eb) =>
      eb
        .selectFrom("roles")
        .select([eb.val(operator.id).as("user_id"), "id"])
        .where("name", "=", "platform_admin"),
    )
    .execute();
});

afterAll(async () => {
  await observed?.close();
});

const usage = (person: TestPerson = member) => observed.kit.as(person, org.id).storage.usage;
const owner = () => observed.kit.ownerOf(org).storage;
const operated = () => observed.kit.as(operator, org.id).storage;
const seed = (path: string, body: string, upsert = false) =>
  seedObject(observed.kit, member, org.id, { bucket: "files", path, body, upsert });

describe("storage.usage", () => {
  it("counts bytes and objects exactly through uploads, replacements, copies and removals", async () => {
    expect(await usage().get.query()).toEqual({ bytes: 0, objects: 0, maxBytes: null, maxObjects: null });
    await seed("a.txt", "12345");
    await seed("b.txt", "123");
    expect(await usage().get.query()).toMatchObject({ bytes: 8, objects: 2 });
    await seed("a.txt", "1234567890", true);
    expect(await usage().get.query()).toMatchObject({ bytes: 13, objects: 2 });
    await observed.kit.as(member, org.id).storage.objects.copy.mutate({ bucket: "files", from: "b.txt", to: "c.txt" });
    expect(await usage().get.query()).toMatchObject({ bytes: 16, objects: 3 });
    await observed.kit
      .as(member, org.id)
      .storage.objects.remove.mutate({ bucket: "files", paths: ["a.txt", "b.txt", "c.txt"] });
    expect(await usage().get.query()).toMatchObject({ bytes: 0, objects: 0 });
  });

  it("lets only the platform's operators set quotas, not the organization's owner, and lifts a limit set to null", async () => {
    expect(await codeOf(usage().setQuota.mutate({ maxBytes: 1, maxObjects: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(owner().usage.setQuota.mutate({ maxBytes: null, maxObjects: null }))).toBe("FORBIDDEN");
    expect(await operated().usage.setQuota.mutate({ maxBytes: 1_000, maxObjects: 10 })).toEqual({
      bytes: 0,
      objects: 0,
      maxBytes: 1_000,
      maxObjects: 10,
    });
    expect(await usage().get.query()).toMatchObject({ maxBytes: 1_000, maxObjects: 10 });
    expect(await operated().usage.setQuota.mutate({ maxBytes: null, maxObjects: null })).toMatchObject({
      maxBytes: null,
      maxObjects: null,
    });
    const invalid = await failureOf(operated().usage.setQuota.mutate({ maxBytes: 0, maxObjects: null }));
    expect(Object.keys(invalid.data.fieldErrors ?? {})).toEqual(["maxBytes"]);
  });

  it("refuses an upload or copy past max_objects with quota_exceeded, leaving no row and no bytes", async () => {
    await seed("kept.txt", "kept");
    await operated().usage.setQuota.mutate({ maxBytes: null, maxObjects: 1 });
    const keysBefore = await observed.storedKeys(org.id);

    const refused = await seed("second.txt", "second").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SeedRefused);
    expect(refused).toMatchObject({ status: 403, body: { error: "quota_exceeded" } });
    const copy = await failureOf(
      observed.kit
        .as(member, org.id)
        .storage.objects.copy.mutate({ bucket: "files", from: "kept.txt", to: "copy.txt" }),
    );
    expect(copy.data).toMatchObject({ code: "FORBIDDEN", reason: "quota_exceeded" });

    const listed = await observed.kit.as(member, org.id).storage.objects.list.query({ bucket: "files" });
    expect(listed.items.map((item) => item.path)).toEqual(["kept.txt"]);
    expect(await observed.storedKeys(org.id)).toEqual(keysBefore);
    expect(await usage().get.query()).toMatchObject({ bytes: 4, objects: 1 });
  });

  it("refuses what would pass max_bytes the same way", async () => {
    await operated().usage.setQuota.mutate({ maxBytes: 10, maxObjects: null });
    const keysBefore = await observed.storedKeys(org.id);
    await seed("fits.txt", "123456");
    const refused = await seed("spills.txt", "1").catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, body: { error: "quota_exceeded" } });
    const copy = await failureOf(
      observed.kit
        .as(member, org.id)
        .storage.objects.copy.mutate({ bucket: "files", from: "fits.txt", to: "copy.txt" }),
    );
    expect(copy.data).toMatchObject({ code: "FORBIDDEN", reason: "quota_exceeded" });
    expect(await usage().get.query()).toEqual({ bytes: 10, objects: 2, maxBytes: 10, maxObjects: null });
    expect((await observed.storedKeys(org.id)).length).toBe(keysBefore.length + 1);
  });

  it("answers an upload past max_bytes while its body is still coming, and lets a replacement use its old version's room", async () => {
    // The quota is used up (10 of 10 bytes): a body that never ends is refused once it passes the room.
    const keysBefore = await observed.storedKeys(org.id);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const upload = request(`${observed.kit.apiUrl(org.id)}/object/files/endless.bin`, {
        method: "POST",
        headers: { authorization: `Bearer ${member.token}`, "content-type": "application/octet-stream" },
      });
      upload.on("error", reject);
      upload.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => {
          upload.destroy();
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
      upload.write(Buffer.alloc(64 * 1024, 1));
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "quota_exceeded" });
    expect(await observed.storedKeys(org.id)).toEqual(keysBefore);

    await seed("fits.txt", "654321", true);
    expect(await usage().get.query()).toMatchObject({ bytes: 10, objects: 2 });
  });
});
