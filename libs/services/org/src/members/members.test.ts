import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;

beforeAll(async () => {
  kit = await startOrgTestKit();
});

afterAll(async () => {
  await kit?.close();
});

async function organizationWith(roles: Record<string, "owner" | "admin" | "member" | "viewer">) {
  const owner = await kit.createUser("owner");
  const organization = await kit.as(owner).org.create.mutate({ name: `Members ${owner.id.slice(0, 8)}` });
  const people: Record<string, TestUser> = {};
  for (const [label, role] of Object.entries(roles)) {
    people[label] = await kit.createUser(label);
    await kit.join(owner, organization.id, people[label]!, role);
  }
  return { owner, organizationId: organization.id, people };
}

describe("org.members.list", () => {
  it("pages through members in joining order with a cursor", async () => {
    const { owner, organizationId } = await organizationWith({ a: "member", b: "viewer", c: "admin", d: "member" });
    const client = kit.as(owner, organizationId);
    const first = await client.org.members.list.query({ limit: 2 });
    expect(first.items.map((member) => member.role)).toEqual(["owner", "member"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.org.members.list.query({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((member) => member.role)).toEqual(["viewer", "admin"]);
    const third = await client.org.members.list.query({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((member) => member.role)).toEqual(["member"]);
    expect(third.nextCursor).toBeNull();
    const everyone = [...first.items, ...second.items, ...third.items].map((member) => member.userId);
    expect(new Set(everyone).size).toBe(5);
  });

  it("searches email and display name, and filters by role", async () => {
    const { owner, organizationId, people } = await organizationWith({ zebra: "member", yak: "viewer" });
    const client = kit.as(owner, organizationId);
    const byEmail = await client.org.members.list.query({ search: "ZEBRA-" });
    expect(byEmail.items.map((member) => member.userId)).toEqual([people.zebra!.id]);
    const byName = await client.org.members.list.query({ search: `yak ${people.yak!.email.slice(4, 8)}` });
    expect(byName.items.map((member) => member.userId)).toEqual([people.yak!.id]);
    const viewers = await client.org.members.list.query({ role: "viewer" });
    expect(viewers.items.map((member) => member.userId)).toEqual([people.yak!.id]);
    expect((await client.org.members.list.query({ search: "%" })).items).toEqual([]);
  });

  it("rejects a cursor it did not issue", async () => {
    const { owner, organizationId } = await organizationWith({});
    const failure = await failureOf(
      kit.as(owner, organizationId).org.members.list.query({ cursor: "bm90LWEtY3Vyc29y" }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("cursor");
  });
});

describe("org.members.updateRole", () => {
  it("changes a role, takes effect on the next request, and publishes member.role_changed", async () => {
    const { owner, organizationId, people } = await organizationWith({ helper: "admin" });
    const helper = kit.as(people.helper!, organizationId);
    await helper.org.teams.create.mutate({ name: "Before demotion" });
    await kit.takeEvents();

    const changed = await kit
      .as(owner, organizationId)
      .org.members.updateRole.mutate({ userId: people.helper!.id, role: "viewer" });
    expect(changed).toMatchObject({ userId: people.helper!.id, role: "viewer" });
    expect(await codeOf(helper.org.teams.create.mutate({ name: "After demotion" }))).toBe("FORBIDDEN");

    const events = await kit.takeEvents();
    expect(events).toEqual([
      expect.objectContaining({
        type: "member.role_changed",
        payload: {
          organizationId,
          userId: people.helper!.id,
          previousRole: "admin",
          role: "viewer",
          changedByUserId: owner.id,
        },
      }),
    ]);
  });

  it("lets only owners grant ownership or change an owner", async () => {
    const { owner, organizationId, people } = await organizationWith({ admin: "admin", other: "member" });
    const asAdmin = kit.as(people.admin!, organizationId);
    expect(await codeOf(asAdmin.org.members.updateRole.mutate({ userId: people.other!.id, role: "owner" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(asAdmin.org.members.updateRole.mutate({ userId: owner.id, role: "member" }))).toBe("FORBIDDEN");
    expect(await asAdmin.org.members.updateRole.mutate({ userId: people.other!.id, role: "viewer" })).toMatchObject({
      role: "viewer",
    });
  });

  it("never demotes the last owner, but does once another owner exists", async () => {
    const { owner, organizationId, people } = await organizationWith({ heir: "admin" });
    const client = kit.as(owner, organizationId);
    const failure = await failureOf(client.org.members.updateRole.mutate({ userId: owner.id, role: "admin" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "last_owner" });
    expect(failure.message).toContain("last owner");
    await client.org.members.updateRole.mutate({ userId: people.heir!.id, role: "owner" });
    expect(await client.org.members.updateRole.mutate({ userId: owner.id, role: "admin" })).toMatchObject({
      role: "admin",
    });
  });

  it("keeps one owner when both owners leave at the same moment", async () => {
    const { owner, organizationId, people } = await organizationWith({ coOwner: "owner" });
    const outcomes = await Promise.allSettled([
      kit.as(owner, organizationId).org.leave.mutate(),
      kit.as(people.coOwner!, organizationId).org.leave.mutate(),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const remaining = await kit.database.ownerDb
      .selectFrom("organization_users")
      .select("role")
      .where("organization_id", "=", organizationId)
      .execute();
    expect(remaining).toEqual([{ role: "owner" }]);
  });

  it("does not let a member or viewer change roles", async () => {
    const { organizationId, people } = await organizationWith({ member: "member", viewer: "viewer" });
    for (const caller of [people.member!, people.viewer!]) {
      const attempt = kit
        .as(caller, organizationId)
        .org.members.updateRole.mutate({ userId: caller.id, role: "admin" });
      expect(await codeOf(attempt)).toBe("FORBIDDEN");
    }
  });

  it("answers NOT_FOUND for someone who is not a member", async () => {
    const { owner, organizationId } = await organizationWith({});
    const stranger = await kit.createUser("stranger");
    expect(
      await codeOf(kit.as(owner, organizationId).org.members.updateRole.mutate({ userId: stranger.id, role: "admin" })),
    ).toBe("NOT_FOUND");
  });
});

describe("org.members.remove and org.leave", () => {
  it("removes a member with their team memberships and publishes the removals", async () => {
    const { owner, organizationId, people } = await organizationWith({ leaving: "member" });
    const client = kit.as(owner, organizationId);
    const team = await client.org.teams.create.mutate({ name: "Crew" });
    await client.org.teams.members.add.mutate({ teamId: team.id, userId: people.leaving!.id });
    await kit.takeEvents();

    expect(await client.org.members.remove.mutate({ userId: people.leaving!.id })).toEqual({
      userId: people.leaving!.id,
      teamIds: [team.id],
    });
    expect((await client.org.teams.get.query({ teamId: team.id })).memberCount).toBe(0);
    expect(await codeOf(kit.as(people.leaving!, organizationId).org.get.query())).toBe("FORBIDDEN");
    expect((await kit.takeEvents()).map((event) => event.type)).toEqual(["team.member.removed", "member.removed"]);
  });

  it("keeps the last owner from being removed or leaving", async () => {
    const { owner, organizationId, people } = await organizationWith({ admin: "admin" });
    expect(await codeOf(kit.as(owner, organizationId).org.leave.mutate())).toBe("CONFLICT");
    expect(await codeOf(kit.as(owner, organizationId).org.members.remove.mutate({ userId: owner.id }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(kit.as(people.admin!, organizationId).org.members.remove.mutate({ userId: owner.id }))).toBe(
      "FORBIDDEN",
    );
  });

  it("lets any member leave, after which the organization is gone from their list", async () => {
    const { owner, organizationId, people } = await organizationWith({ viewer: "viewer" });
    await kit.takeEvents();
    expect(await kit.as(people.viewer!, organizationId).org.leave.mutate()).toEqual({
      userId: people.viewer!.id,
      teamIds: [],
    });
    expect((await kit.as(people.viewer!).org.listMine.query()).items).toEqual([]);
    const audit = await kit.as(owner, organizationId).org.audit.list.query({ action: "member.left" });
    expect(audit.items).toEqual([
      expect.objectContaining({ actorUserId: people.viewer!.id, targetId: people.viewer!.id }),
    ]);
    expect((await kit.takeEvents()).map((event) => event.type)).toEqual(["member.removed"]);
  });

  it("does not let a viewer remove anyone", async () => {
    const { owner, organizationId, people } = await organizationWith({ viewer: "viewer", member: "member" });
    const attempt = kit.as(people.viewer!, organizationId).org.members.remove.mutate({ userId: people.member!.id });
    expect(await codeOf(attempt)).toBe("FORBIDDEN");
    expect((await kit.as(owner, organizationId).org.members.list.query({})).items).toHaveLength(3);
  });
});

describe("org.transferOwnership", () => {
  it("makes another member the owner and the previous owner an admin", async () => {
    const { owner, organizationId, people } = await organizationWith({ heir: "member" });
    await kit.takeEvents();
    const result = await kit.as(owner, organizationId).org.transferOwnership.mutate({ userId: people.heir!.id });
    expect(result.owner).toMatchObject({ userId: people.heir!.id, role: "owner" });
    expect(result.previousOwner).toMatchObject({ userId: owner.id, role: "admin" });
    expect((await kit.takeEvents()).map((event) => [event.type, event.payload])).toEqual([
      ["member.role_changed", expect.objectContaining({ userId: people.heir!.id, role: "owner" })],
      ["member.role_changed", expect.objectContaining({ userId: owner.id, previousRole: "owner", role: "admin" })],
    ]);
    expect(await codeOf(kit.as(owner, organizationId).org.archive.mutate())).toBe("FORBIDDEN");
  });

  it("is refused to non-owners, to oneself and to strangers", async () => {
    const { owner, organizationId, people } = await organizationWith({ admin: "admin" });
    const stranger = await kit.createUser("stranger");
    expect(
      await codeOf(kit.as(people.admin!, organizationId).org.transferOwnership.mutate({ userId: people.admin!.id })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(kit.as(people.admin!, organizationId).org.transferOwnership.mutate({ userId: owner.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(kit.as(owner, organizationId).org.transferOwnership.mutate({ userId: stranger.id }))).toBe(
      "NOT_FOUND",
    );
  });
});
