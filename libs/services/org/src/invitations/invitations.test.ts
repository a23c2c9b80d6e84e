import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Inviting Org" })).id;
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.as(owner, organizationId);

describe("org.invitations.create", () => {
  it("emails a single-use link and stores only a hash of its token", async () => {
    const invitee = await kit.createUser("invitee");
    const created = await asOwner().org.invitations.create.mutate({
      email: invitee.email.toUpperCase(),
      role: "admin",
    });
    expect(created).toMatchObject({
      emailQueued: true,
      invitation: { email: invitee.email, role: "admin", status: "pending", invitedByUserId: owner.id },
    });
    const token = await kit.invitationTokenFor(invitee.email);
    const message = kit.email.lastTo(invitee.email);
    expect(message).toMatchObject({
      template: "organization_invitation",
      subject: expect.stringContaining("Inviting Org"),
    });
    expect(token.length).toBeGreaterThanOrEqual(43);

    const stored = await kit.database.ownerDb
      .selectFrom("organization_invitations")
      .select("token_hash")
      .where("id", "=", created.invitation.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a second pending invitation for the same email unless resent, which retires the first link", async () => {
    const invitee = await kit.createUser("twice");
    await asOwner().org.invitations.create.mutate({ email: invitee.email });
    const firstToken = await kit.invitationTokenFor(invitee.email);
    expect((await failureOf(asOwner().org.invitations.create.mutate({ email: invitee.email }))).data).toMatchObject({
      code: "CONFLICT",
      reason: "invitation_pending",
    });

    await asOwner().org.invitations.create.mutate({ email: invitee.email, resend: true });
    const secondToken = await kit.invitationTokenFor(invitee.email);
    expect(secondToken).not.toBe(firstToken);
    const stale = await failureOf(kit.as(invitee).org.invitations.accept.mutate({ token: firstToken }));
    expect(stale.data).toMatchObject({ code: "CONFLICT", reason: "invitation_closed" });
    expect(stale.message).toContain("revoked");
    await kit.as(invitee).org.invitations.accept.mutate({ token: secondToken });
  });

  it("refuses to invite a current member or into a team of another organization", async () => {
    expect((await failureOf(asOwner().org.invitations.create.mutate({ email: owner.email }))).data).toMatchObject({
      code: "CONFLICT",
      reason: "already_member",
    });
    const elsewhere = await kit.createUser("elsewhere");
    const otherOrg = await kit.as(elsewhere).org.create.mutate({ name: "Other Org" });
    const foreignTeam = await kit.as(elsewhere, otherOrg.id).org.teams.create.mutate({ name: "Foreign" });
    const attempt = asOwner().org.invitations.create.mutate({ email: "new@example.test", teamIds: [foreignTeam.id] });
    expect(await codeOf(attempt)).toBe("NOT_FOUND");
  });

  it("lets only owners invite owners, and members not invite at all", async () => {
    const admin = await kit.createUser("admin");
    const member = await kit.createUser("member");
    await kit.join(owner, organizationId, admin, "admin");
    await kit.join(owner, organizationId, member, "member");
    expect(
      await codeOf(
        kit.as(admin, organizationId).org.invitations.create.mutate({ email: "o@example.test", role: "owner" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(kit.as(member, organizationId).org.invitations.create.mutate({ email: "m@example.test" })),
    ).toBe("FORBIDDEN");
    const byAdmin = await kit
      .as(admin, organizationId)
      .org.invitations.create.mutate({ email: "a@example.test", role: "admin" });
    expect(byAdmin.invitation.status).toBe("pending");
  });
});

describe("org.invitations.accept", () => {
  it("joins the invitee with the invited role and teams, once", async () => {
    const invitee = await kit.createUser("joiner");
    const teamA = await asOwner().org.teams.create.mutate({ name: "Team A" });
    const teamB = await asOwner().org.teams.create.mutate({ name: "Team B" });
    await asOwner().org.invitations.create.mutate({
      email: invitee.email,
      role: "viewer",
      teamIds: [teamA.id, teamB.id],
    });
    await asOwner().org.teams.delete.mutate({ teamId: teamB.id });
    await kit.takeEvents();

    const token = await kit.invitationTokenFor(invitee.email);
    const accepted = await kit.as(invitee).org.invitations.accept.mutate({ token });
    expect(accepted).toEqual({ organizationId, role: "viewer", teamIds: [teamA.id] });
    expect((await kit.as(invitee).org.listMine.query()).items).toEqual([
      expect.objectContaining({ id: organizationId, role: "viewer" }),
    ]);
    const team = await kit.as(invitee, organizationId).org.teams.members.list.query({ teamId: teamA.id });
    expect(team.items).toEqual([expect.objectContaining({ userId: invitee.id, role: "member" })]);

    const again = await failureOf(kit.as(invitee).org.invitations.accept.mutate({ token }));
    expect(again.data.code).toBe("CONFLICT");
    expect(again.message).toContain("already been accepted");

    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["member.added", { organizationId, userId: invitee.id, role: "viewer", addedByUserId: owner.id }],
      ["team.member.added", { organizationId, teamId: teamA.id, userId: invitee.id, role: "member" }],
    ]);
    const invitations = await asOwner().org.invitations.list.query({ status: "accepted" });
    expect(invitations.items).toContainEqual(
      expect.objectContaining({ email: invitee.email, acceptedByUserId: invitee.id }),
    );
  });

  it("refuses a signed-in user whose email is not the invited one", async () => {
    const invitee = await kit.createUser("rightful");
    const interloper = await kit.createUser("interloper");
    await asOwner().org.invitations.create.mutate({ email: invitee.email });
    const token = await kit.invitationTokenFor(invitee.email);
    const failure = await failureOf(kit.as(interloper).org.invitations.accept.mutate({ token }));
    expect(failure.data.code).toBe("FORBIDDEN");
    expect((await kit.as(interloper).org.listMine.query()).items).toEqual([]);
    await kit.as(invitee).org.invitations.accept.mutate({ token });
  });

  it("refuses an expired invitation with a clear message", async () => {
    const invitee = await kit.createUser("late");
    const created = await asOwner().org.invitations.create.mutate({ email: invitee.email, expiresInHours: 1 });
    const token = await kit.invitationTokenFor(invitee.email);
    await kit.database.ownerDb
      .updateTable("organization_invitations")
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where("id", "=", created.invitation.id)
      .execute();
    const failure = await failureOf(kit.as(invitee).org.invitations.accept.mutate({ token }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "invitation_expired" });
    expect(failure.message).toContain("expired");
    expect((await asOwner().org.invitations.list.query({ status: "expired" })).items).toContainEqual(
      expect.objectContaining({ id: created.invitation.id, status: "expired" }),
    );
    // An expired invitation does not block a new one.
    await asOwner().org.invitations.create.mutate({ email: invitee.email });
  });

  it("answers NOT_FOUND for a token that matches no invitation, and needs a signed-in user", async () => {
    const someone = await kit.createUser("someone");
    const failure = await failureOf(kit.as(someone).org.invitations.accept.mutate({ token: "x".repeat(43) }));
    expect(failure.data.code).toBe("NOT_FOUND");
    expect(await codeOf(kit.service.client().org.invitations.accept.mutate({ token: "x".repeat(43) }))).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("org.invitations.revoke and decline", () => {
  it("revokes a pending invitation so its link stops working", async () => {
    const invitee = await kit.createUser("revoked");
    const created = await asOwner().org.invitations.create.mutate({ email: invitee.email });
    const token = await kit.invitationTokenFor(invitee.email);
    const revoked = await asOwner().org.invitations.revoke.mutate({ invitationId: created.invitation.id });
    expect(revoked.status).toBe("revoked");
    expect(await codeOf(asOwner().org.invitations.revoke.mutate({ invitationId: created.invitation.id }))).toBe(
      "CONFLICT",
    );
    const failure = await failureOf(kit.as(invitee).org.invitations.accept.mutate({ token }));
    expect(failure.data.code).toBe("CONFLICT");
    expect(failure.message).toContain("revoked");
  });

  it("lets the invitee decline, after which the link is spent", async () => {
    const invitee = await kit.createUser("decliner");
    await asOwner().org.invitations.create.mutate({ email: invitee.email });
    const token = await kit.invitationTokenFor(invitee.email);
    expect(await kit.as(invitee).org.invitations.decline.mutate({ token })).toEqual({ organizationId });
    expect(await codeOf(kit.as(invitee).org.invitations.accept.mutate({ token }))).toBe("CONFLICT");
    const audit = await asOwner().org.audit.list.query({ action: "invitation.declined" });
    expect(audit.items).toEqual([expect.objectContaining({ actorUserId: invitee.id })]);
  });

  it("lists invitations newest first, page by page, filtered by status", async () => {
    const page = await asOwner().org.invitations.list.query({ limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await asOwner().org.invitations.list.query({ limit: 2, cursor: page.nextCursor ?? undefined });
    expect(next.items[0]!.createdAt.getTime()).toBeLessThanOrEqual(page.items[1]!.createdAt.getTime());
    const pending = await asOwner().org.invitations.list.query({ status: "pending", limit: 200 });
    expect(pending.items.every((invitation) => invitation.status === "pending")).toBe(true);
  });
});
