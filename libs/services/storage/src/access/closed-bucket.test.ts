import { codeOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { createRole, createTeam } from "../testing/seed-groups";
import { seedObject, SeedRefused } from "../testing/seed-objects";

let kit: StorageTestKit;
let org: TestOrganization;
let alice: TestPerson;
let bob: TestPerson;
let carol: TestPerson;
let viewer: TestPerson;
let auditors: string;
let reviewers: string;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("studio");
  alice = await kit.createUser("alice");
  bob = await kit.createUser("bob");
  carol = await kit.createUser("carol");
  viewer = await kit.createUser("viewer");
  for (const person of [alice, bob, carol]) await kit.addMember(org.id, person, "member");
  await kit.addMember(org.id, viewer, "viewer");
  auditors = await createTeam(kit, org.id, [bob]);
  reviewers = await createRole(kit, org.id, [carol]);
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "vault", defaultAccess: "none" });
  await seedObject(kit, org.owner, org.id, { bucket: "vault", path: "plans/launch.txt", body: "launch" });
  await seedObject(kit, org.owner, org.id, { bucket: "vault", path: "plans/budget.txt", body: "budget" });
});

afterAll(async () => {
  await kit?.close();
});

const grant = (
  entityType: "user" | "team" | "role" | "organization",
  entityId: string,
  permission: "read" | "write" | "delete" | "admin",
  path?: string,
) => kit.ownerOf(org).storage.access.grant.mutate({ bucket: "vault", path, entityType, entityId, permission });

async function visiblePaths(person: TestPerson): Promise<string[]> {
  const page = await kit.as(person, org.id).storage.objects.list.query({ bucket: "vault" });
  return page.items.map((item) => item.path);
}

describe("a bucket closed to members (defaultAccess none)", () => {
  it("hides its objects from a member without a grant, who can change none of them", async () => {
    const objects = kit.as(alice, org.id).storage.objects;
    const launch = { bucket: "vault", path: "plans/launch.txt" };
    expect(await visiblePaths(alice)).toEqual([]);
    expect(await codeOf(objects.info.query(launch))).toBe("NOT_FOUND");
    expect(await codeOf(objects.createSignedUrl.mutate({ ...launch, expiresIn: 60 }))).toBe("NOT_FOUND");
    expect(await codeOf(objects.move.mutate({ bucket: "vault", from: launch.path, to: "mine.txt" }))).toBe("NOT_FOUND");
    expect(await objects.remove.mutate({ bucket: "vault", paths: [launch.path] })).toEqual([]);
    expect(await codeOf(objects.createSignedUploadUrl.mutate({ bucket: "vault", path: "new.txt" }))).toBe("FORBIDDEN");
    await expect(
      seedObject(kit, alice, org.id, { bucket: "vault", path: "new.txt", body: "x" }),
    ).rejects.toBeInstanceOf(SeedRefused);
    expect((await kit.as(alice, org.id).storage.metadata.search.query({ query: "launch" })).items).toEqual([]);
    expect(await visiblePaths(org.owner)).toEqual(["plans/budget.txt", "plans/launch.txt"]);
  });

  it("refuses to move or copy a member's own object into it", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "open" });
    await seedObject(kit, alice, org.id, { bucket: "open", path: "notes.txt", body: "notes" });
    const objects = kit.as(alice, org.id).storage.objects;
    const into = { bucket: "open", from: "notes.txt", to: "notes.txt", destinationBucket: "vault" };
    expect(await codeOf(objects.move.mutate(into))).toBe("FORBIDDEN");
    expect(await codeOf(objects.copy.mutate(into))).toBe("FORBIDDEN");
    expect((await objects.info.query({ bucket: "open", path: "notes.txt" })).bucket).toBe("open");
    expect(await visiblePaths(org.owner)).toEqual(["plans/budget.txt", "plans/launch.txt"]);
  });

  it("opens to a user granted read, who still may not change or remove anything, until the grant is revoked", async () => {
    const readGrant = await grant("user", alice.id, "read");
    expect(readGrant).toMatchObject({
      bucket: "vault",
      path: null,
      entityType: "user",
      entityId: alice.id,
      permission: "read",
    });
    const objects = kit.as(alice, org.id).storage.objects;
    expect(await visiblePaths(alice)).toEqual(["plans/budget.txt", "plans/launch.txt"]);
    expect(
      (await objects.createSignedUrl.mutate({ bucket: "vault", path: "plans/launch.txt", expiresIn: 60 })).signedUrl,
    ).toContain("/object/sign/vault/plans/launch.txt");
    expect(await objects.remove.mutate({ bucket: "vault", paths: ["plans/launch.txt"] })).toEqual([]);
    expect(await codeOf(objects.move.mutate({ bucket: "vault", from: "plans/launch.txt", to: "x.txt" }))).toBe(
      "NOT_FOUND",
    );
    const describe = kit
      .as(alice, org.id)
      .storage.metadata.update.mutate({ bucket: "vault", path: "plans/launch.txt", title: "Mine" });
    expect(await codeOf(describe)).toBe("FORBIDDEN");

    expect(await kit.ownerOf(org).storage.access.revoke.mutate({ grantId: readGrant.id })).toEqual(readGrant);
    expect(await visiblePaths(alice)).toEqual([]);
  });

  it("lets a team granted write on one object see and change that object only", async () => {
    const teamGrant = await grant("team", auditors, "write", "plans/budget.txt");
    expect(teamGrant.path).toBe("plans/budget.txt");
    expect(await visiblePaths(bob)).toEqual(["plans/budget.txt"]);
    const described = await kit
      .as(bob, org.id)
      .storage.metadata.update.mutate({ bucket: "vault", path: "plans/budget.txt", tags: ["finance"] });
    expect(described.details.tags).toEqual(["finance"]);
    const renamed = await kit
      .as(bob, org.id)
      .storage.objects.move.mutate({ bucket: "vault", from: "plans/budget.txt", to: "plans/budget-2027.txt" });
    expect(renamed.path).toBe("plans/budget-2027.txt");
    expect(await kit.as(bob, org.id).storage.objects.remove.mutate({ bucket: "vault", paths: [renamed.path] })).toEqual(
      [],
    );
    expect(await visiblePaths(alice)).toEqual([]);
    await kit.ownerOf(org).storage.access.revoke.mutate({ grantId: teamGrant.id });
    expect(await visiblePaths(bob)).toEqual([]);
  });

  it("lets the holders of a role granted delete remove objects", async () => {
    await seedObject(kit, org.owner, org.id, { bucket: "vault", path: "drafts/old.txt", body: "old" });
    await grant("role", reviewers, "delete");
    expect(await visiblePaths(carol)).toContain("drafts/old.txt");
    const removed = await kit
      .as(carol, org.id)
      .storage.objects.remove.mutate({ bucket: "vault", paths: ["drafts/old.txt"] });
    expect(removed.map((item) => item.path)).toEqual(["drafts/old.txt"]);
    expect(await visiblePaths(alice)).toEqual([]);
  });

  it("opens to every member with a grant to the organization", async () => {
    const everyone = await grant("organization", org.id, "read");
    for (const person of [alice, bob, viewer]) expect(await visiblePaths(person)).toContain("plans/launch.txt");
    await kit.ownerOf(org).storage.access.revoke.mutate({ grantId: everyone.id });
    expect(await visiblePaths(alice)).toEqual([]);
  });
});
