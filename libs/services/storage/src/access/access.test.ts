import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { createTeam } from "../testing/seed-groups";
import { seedObject } from "../testing/seed-objects";

let kit: StorageTestKit;
let org: TestOrganization;
let other: TestOrganization;
let alice: TestPerson;
let bob: TestPerson;
let viewer: TestPerson;
let auditors: string;
let foreignTeam: string;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("studio");
  other = await kit.createOrganization("rival");
  alice = await kit.createUser("alice");
  bob = await kit.createUser("bob");
  viewer = await kit.createUser("viewer");
  for (const person of [alice, bob]) await kit.addMember(org.id, person, "member");
  await kit.addMember(org.id, viewer, "viewer");
  auditors = await createTeam(kit, org.id, [bob]);
  foreignTeam = await createTeam(kit, other.id, []);
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "vault", defaultAccess: "none" });
  await seedObject(kit, org.owner, org.id, { bucket: "vault", path: "plans/launch.txt", body: "launch" });
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

describe("storage.access", () => {
  it("answers the existing grant when the same grant is made again", async () => {
    const first = await grant("user", bob.id, "read", "plans/launch.txt");
    expect(await grant("user", bob.id, "read", "plans/launch.txt")).toEqual(first);
    await kit.ownerOf(org).storage.access.revoke.mutate({ grantId: first.id });
  });

  it("lists the grants on a bucket and its objects, or on one object, a page at a time", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "listed", defaultAccess: "none" });
    await seedObject(kit, org.owner, org.id, { bucket: "listed", path: "one.txt", body: "1" });
    const owner = kit.ownerOf(org).storage.access;
    const onBucket = await owner.grant.mutate({
      bucket: "listed",
      entityType: "user",
      entityId: alice.id,
      permission: "read",
    });
    const onObject = await owner.grant.mutate({
      bucket: "listed",
      path: "one.txt",
      entityType: "team",
      entityId: auditors,
      permission: "write",
    });
    const first = await owner.list.query({ bucket: "listed", limit: 1 });
    expect(first.items).toEqual([onBucket]);
    const second = await owner.list.query({ bucket: "listed", limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [onObject], nextCursor: null });
    expect((await owner.list.query({ bucket: "listed", path: "one.txt" })).items).toEqual([onObject]);
    expect((await kit.as(alice, org.id).storage.access.list.query({ bucket: "listed" })).items).toEqual([
      onBucket,
      onObject,
    ]);
  });

  it("lets a member with admin access to a bucket share it without storage:manage; others are refused", async () => {
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "team-share", defaultAccess: "read" });
    const shareAsAlice = () =>
      kit.as(alice, org.id).storage.access.grant.mutate({
        bucket: "team-share",
        entityType: "user",
        entityId: bob.id,
        permission: "write",
      });
    expect(await codeOf(shareAsAlice())).toBe("FORBIDDEN");
    await kit.ownerOf(org).storage.access.grant.mutate({
      bucket: "team-share",
      entityType: "user",
      entityId: alice.id,
      permission: "admin",
    });
    const shared = await shareAsAlice();
    expect(shared.createdBy).toBe(alice.id);
    expect(await codeOf(kit.as(bob, org.id).storage.access.revoke.mutate({ grantId: shared.id }))).toBe("FORBIDDEN");
    expect(
      await codeOf(
        kit.as(viewer, org.id).storage.access.grant.mutate({
          bucket: "team-share",
          entityType: "user",
          entityId: viewer.id,
          permission: "read",
        }),
      ),
    ).toBe("FORBIDDEN");
    expect((await kit.as(alice, org.id).storage.access.revoke.mutate({ grantId: shared.id })).id).toBe(shared.id);
  });

  it("refuses entities outside the organization with BAD_REQUEST on entityId", async () => {
    const outsider = await kit.createUser("outsider");
    const foreignRole = await kit.database.ownerDb
      .insertInto("roles")
      .values({ organization_id: other.id, name: "foreign" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const refusals = [
      () => grant("user", outsider.id, "read"),
      () => grant("team", foreignTeam, "read"),
      () => grant("role", foreignRole.id, "read"),
      () => grant("organization", other.id, "read"),
    ];
    for (const refusal of refusals) {
      const failure = await failureOf(refusal());
      expect(failure.data.code).toBe("BAD_REQUEST");
      expect(Object.keys(failure.data.fieldErrors ?? {})).toEqual(["entityId"]);
    }
  });

  it("answers NOT_FOUND for a missing grant, bucket or object", async () => {
    const owner = kit.ownerOf(org).storage.access;
    expect(await codeOf(owner.revoke.mutate({ grantId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await codeOf(owner.list.query({ bucket: "nowhere" }))).toBe("NOT_FOUND");
    expect(await codeOf(grant("user", alice.id, "read", "plans/none.txt"))).toBe("NOT_FOUND");
  });

  it("records every grant and revocation in the audit log", async () => {
    const made = await grant("user", viewer.id, "read");
    await kit.ownerOf(org).storage.access.revoke.mutate({ grantId: made.id });
    const entries = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "actor_user_id", "metadata"])
      .where("organization_id", "=", org.id)
      .where("action", "in", ["access.granted", "access.revoked"])
      .execute();
    const forGrant = entries.filter((entry) => (entry.metadata as { grantId?: string }).grantId === made.id);
    expect(forGrant.map((entry) => entry.action).sort()).toEqual(["access.granted", "access.revoked"]);
    expect(forGrant.every((entry) => entry.actor_user_id === org.owner.id)).toBe(true);
  });
});
