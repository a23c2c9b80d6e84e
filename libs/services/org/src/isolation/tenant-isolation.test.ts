import { randomUUID } from "node:crypto";
import { codeOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

/*
 * Two organizations, A and B. A's owner and viewer try everything against B: through B's id in
 * the header, through B's row ids while acting in A, and through searches in A. Then A's viewer
 * tries every write in A.
 */

let kit: OrgTestKit;
let ownerA: TestUser;
let viewerA: TestUser;
let memberA: TestUser;
let ownerB: TestUser;
let memberB: TestUser;
let orgA: string;
let orgB: string;
let teamA: string;
let teamB: string;
let invitationB: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  ownerA = await kit.createUser("owner-a");
  viewerA = await kit.createUser("viewer-a");
  memberA = await kit.createUser("member-a");
  ownerB = await kit.createUser("owner-b");
  memberB = await kit.createUser("member-b");
  orgA = (await kit.as(ownerA).org.create.mutate({ name: "Org A" })).id;
  orgB = (await kit.as(ownerB).org.create.mutate({ name: "Org B", slug: "org-b-secret" })).id;
  await kit.join(ownerA, orgA, viewerA, "viewer");
  await kit.join(ownerA, orgA, memberA, "member");
  await kit.join(ownerB, orgB, memberB, "member");
  teamA = (await kit.as(ownerA, orgA).org.teams.create.mutate({ name: "Team A" })).id;
  teamB = (await kit.as(ownerB, orgB).org.teams.create.mutate({ name: "Secret Team B" })).id;
  await kit.as(ownerB, orgB).org.teams.members.add.mutate({ teamId: teamB, userId: memberB.id });
  await kit.as(ownerB, orgB).org.settings.set.mutate({ key: "theme", value: "dark" });
  invitationB = (await kit.as(ownerB, orgB).org.invitations.create.mutate({ email: "pending-b@example.test" }))
    .invitation.id;
});

afterAll(async () => {
  await kit?.close();
});

describe("a member of organization A", () => {
  it("is refused everything when naming organization B (or a guessed id) in the header", async () => {
    for (const organizationId of [orgB, randomUUID()]) {
      const client = kit.as(ownerA, organizationId);
      const attempts: Promise<unknown>[] = [
        client.org.get.query(),
        client.org.update.mutate({ name: "Hijacked" }),
        client.org.archive.mutate(),
        client.org.leave.mutate(),
        client.org.transferOwnership.mutate({ userId: ownerA.id }),
        client.org.members.list.query({}),
        client.org.members.updateRole.mutate({ userId: memberB.id, role: "owner" }),
        client.org.members.remove.mutate({ userId: memberB.id }),
        client.org.invitations.list.query({}),
        client.org.invitations.create.mutate({ email: "spy@example.test" }),
        client.org.invitations.revoke.mutate({ invitationId: invitationB }),
        client.org.teams.list.query({}),
        client.org.teams.get.query({ teamId: teamB }),
        client.org.teams.members.list.query({ teamId: teamB }),
        client.org.teams.members.add.mutate({ teamId: teamB, userId: ownerA.id }),
        client.org.settings.get.query(),
        client.org.settings.effective.query(),
        client.org.settings.set.mutate({ key: "theme", value: "light" }),
        client.org.audit.list.query({}),
      ];
      const codes = await Promise.all(attempts.map((attempt) => codeOf(attempt)));
      expect(new Set(codes)).toEqual(new Set(["FORBIDDEN"]));
    }
    const exported = await fetch(`${kit.service.url}/audit/export`, {
      headers: { authorization: `Bearer ${ownerA.token}`, "x-organization-id": orgB },
    });
    expect(exported.status).toBe(403);
  });

  it("cannot reach B's rows by id while acting in A", async () => {
    const client = kit.as(ownerA, orgA);
    const attempts: Promise<unknown>[] = [
      client.org.teams.get.query({ teamId: teamB }),
      client.org.teams.update.mutate({ teamId: teamB, name: "Renamed by A" }),
      client.org.teams.delete.mutate({ teamId: teamB }),
      client.org.teams.members.list.query({ teamId: teamB }),
      client.org.teams.members.add.mutate({ teamId: teamB, userId: ownerA.id }),
      client.org.teams.members.remove.mutate({ teamId: teamB, userId: memberB.id }),
      client.org.teams.members.updateRole.mutate({ teamId: teamB, userId: memberB.id, role: "lead" }),
      client.org.members.updateRole.mutate({ userId: memberB.id, role: "viewer" }),
      client.org.members.remove.mutate({ userId: ownerB.id }),
      client.org.transferOwnership.mutate({ userId: ownerB.id }),
      client.org.invitations.revoke.mutate({ invitationId: invitationB }),
      client.org.invitations.create.mutate({ email: "x@example.test", teamIds: [teamB] }),
    ];
    const codes = await Promise.all(attempts.map((attempt) => codeOf(attempt)));
    expect(new Set(codes)).toEqual(new Set(["NOT_FOUND"]));
    // A team of A cannot take in B's members either.
    expect(await codeOf(client.org.teams.members.add.mutate({ teamId: teamA, userId: memberB.id }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("finds nothing of B by searching or filtering in A", async () => {
    const client = kit.as(ownerA, orgA);
    expect((await client.org.members.list.query({ search: "owner-b" })).items).toEqual([]);
    expect((await client.org.members.list.query({ search: "member-b" })).items).toEqual([]);
    expect((await client.org.teams.list.query({ search: "Secret" })).items).toEqual([]);
    expect((await client.org.audit.list.query({ actorUserId: ownerB.id })).items).toEqual([]);
    expect((await client.org.audit.list.query({ targetId: teamB })).items).toEqual([]);
    const invitations = (await client.org.invitations.list.query({ limit: 200 })).items;
    expect(invitations.map((invitation) => invitation.id)).not.toContain(invitationB);
    expect(invitations.map((invitation) => invitation.email)).not.toContain("pending-b@example.test");
    expect(await client.org.settings.effective.query({ keys: ["theme"] })).toEqual([
      { key: "theme", value: "system", source: "system" },
    ]);
    expect((await kit.as(ownerA).org.listMine.query({ includeArchived: true })).items.map((org) => org.id)).toEqual([
      orgA,
    ]);
    const exported = await fetch(`${kit.service.url}/audit/export`, {
      headers: { authorization: `Bearer ${ownerA.token}`, "x-organization-id": orgA },
    });
    const text = await exported.text();
    expect(text).toContain(orgA);
    expect(text).not.toContain(orgB);
    expect(text).not.toContain(teamB);
  });

  it("left every row of B as it was", async () => {
    const asB = kit.as(ownerB, orgB);
    expect(await asB.org.get.query()).toMatchObject({ name: "Org B", slug: "org-b-secret", archivedAt: null });
    expect((await asB.org.members.list.query({})).items.map((member) => [member.userId, member.role])).toEqual([
      [ownerB.id, "owner"],
      [memberB.id, "member"],
    ]);
    expect(await asB.org.teams.get.query({ teamId: teamB })).toMatchObject({ name: "Secret Team B", memberCount: 1 });
    expect((await asB.org.invitations.list.query({ status: "pending" })).items).toEqual([
      expect.objectContaining({ id: invitationB, status: "pending" }),
    ]);
    expect(await asB.org.settings.effective.query({ keys: ["theme"] })).toEqual([
      { key: "theme", value: "dark", source: "organization" },
    ]);
    const actors = (await asB.org.audit.list.query({ limit: 200 })).items.map((entry) => entry.actorUserId);
    expect(actors).not.toContain(ownerA.id);
  });
});

describe("a viewer", () => {
  it("can read but cannot write anything in their organization", async () => {
    const client = kit.as(viewerA, orgA);
    expect((await client.org.members.list.query({})).items.length).toBe(3);
    expect((await client.org.teams.list.query({})).items.length).toBe(1);
    const invitation = await kit.as(ownerA, orgA).org.invitations.create.mutate({ email: "someone@example.test" });
    const writes: Promise<unknown>[] = [
      client.org.update.mutate({ name: "Viewer's org" }),
      client.org.archive.mutate(),
      client.org.restore.mutate(),
      client.org.transferOwnership.mutate({ userId: memberA.id }),
      client.org.members.updateRole.mutate({ userId: viewerA.id, role: "owner" }),
      client.org.members.remove.mutate({ userId: memberA.id }),
      client.org.invitations.create.mutate({ email: "friend@example.test" }),
      client.org.invitations.revoke.mutate({ invitationId: invitation.invitation.id }),
      client.org.teams.create.mutate({ name: "Viewer team" }),
      client.org.teams.update.mutate({ teamId: teamA, name: "Viewer's now" }),
      client.org.teams.delete.mutate({ teamId: teamA }),
      client.org.teams.members.add.mutate({ teamId: teamA, userId: viewerA.id }),
      client.org.teams.members.remove.mutate({ teamId: teamA, userId: ownerA.id }),
      client.org.teams.members.updateRole.mutate({ teamId: teamA, userId: viewerA.id, role: "lead" }),
      client.org.settings.set.mutate({ key: "locale", value: "de" }),
      client.org.settings.reset.mutate({ key: "locale" }),
      client.org.audit.list.query({}),
    ];
    const codes = await Promise.all(writes.map((write) => codeOf(write)));
    expect(new Set(codes)).toEqual(new Set(["FORBIDDEN"]));
    const asOwner = kit.as(ownerA, orgA);
    expect(await asOwner.org.get.query()).toMatchObject({ name: "Org A", archivedAt: null });
    expect((await asOwner.org.members.list.query({ role: "viewer" })).items.map((member) => member.userId)).toEqual([
      viewerA.id,
    ]);
  });
});
