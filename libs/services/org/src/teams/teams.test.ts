import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let member: TestUser;
let viewer: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  member = await kit.createUser("member");
  viewer = await kit.createUser("viewer");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Team Org" })).id;
  await kit.join(owner, organizationId, member, "member");
  await kit.join(owner, organizationId, viewer, "viewer");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.as(owner, organizationId);

describe("org.teams", () => {
  it("creates, renames, reads and deletes a team, publishing team.created, team.updated and team.deleted", async () => {
    await kit.takeEvents();
    const team = await asOwner().org.teams.create.mutate({ name: "Platform", description: "Keeps the lights on" });
    expect(team).toMatchObject({ name: "Platform", description: "Keeps the lights on", memberCount: 0 });
    const renamed = await asOwner().org.teams.update.mutate({ teamId: team.id, name: "Platform Engineering" });
    expect(renamed.name).toBe("Platform Engineering");
    expect(await kit.as(viewer, organizationId).org.teams.get.query({ teamId: team.id })).toMatchObject({
      name: "Platform Engineering",
    });
    expect(await asOwner().org.teams.delete.mutate({ teamId: team.id })).toEqual({
      teamId: team.id,
      removedMembers: 0,
    });
    expect(await codeOf(asOwner().org.teams.get.query({ teamId: team.id }))).toBe("NOT_FOUND");

    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["team.created", { organizationId, teamId: team.id, name: "Platform", createdByUserId: owner.id }],
      ["team.updated", { organizationId, teamId: team.id, changedFields: ["name"], updatedByUserId: owner.id }],
      ["team.deleted", { organizationId, teamId: team.id, deletedByUserId: owner.id }],
    ]);
    const audit = await asOwner().org.audit.list.query({ targetType: "team", targetId: team.id });
    expect(audit.items.map((entry) => entry.action)).toEqual(["team.deleted", "team.updated", "team.created"]);
  });

  it("answers CONFLICT for a duplicate team name", async () => {
    await asOwner().org.teams.create.mutate({ name: "Unique" });
    const failure = await failureOf(asOwner().org.teams.create.mutate({ name: "Unique" }));
    expect(failure.data.code).toBe("CONFLICT");
    expect(failure.message).toContain("Unique");
  });

  it("lists teams by name, page by page, with search", async () => {
    for (const name of ["Alpha squad", "Beta squad", "Gamma squad"]) await asOwner().org.teams.create.mutate({ name });
    const first = await asOwner().org.teams.list.query({ search: "squad", limit: 2 });
    expect(first.items.map((team) => team.name)).toEqual(["Alpha squad", "Beta squad"]);
    const second = await asOwner().org.teams.list.query({
      search: "squad",
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((team) => team.name)).toEqual(["Gamma squad"]);
    expect(second.nextCursor).toBeNull();
  });

  it("does not let a member or viewer create, change or delete teams", async () => {
    const team = await asOwner().org.teams.create.mutate({ name: "Guarded" });
    for (const caller of [member, viewer]) {
      const client = kit.as(caller, organizationId);
      expect(await codeOf(client.org.teams.create.mutate({ name: "Sneaky" }))).toBe("FORBIDDEN");
      expect(await codeOf(client.org.teams.update.mutate({ teamId: team.id, name: "Taken over" }))).toBe("FORBIDDEN");
      expect(await codeOf(client.org.teams.delete.mutate({ teamId: team.id }))).toBe("FORBIDDEN");
      expect(await codeOf(client.org.teams.members.add.mutate({ teamId: team.id, userId: caller.id }))).toBe(
        "FORBIDDEN",
      );
    }
    expect((await kit.as(viewer, organizationId).org.teams.list.query({ search: "Guarded" })).items).toHaveLength(1);
  });
});

describe("org.teams.members", () => {
  it("adds members with a team role, changes it, lists and removes them, with events", async () => {
    const team = await asOwner().org.teams.create.mutate({ name: "Research" });
    await kit.takeEvents();
    const lead = await asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: member.id, role: "lead" });
    expect(lead).toMatchObject({ teamId: team.id, userId: member.id, role: "lead", email: member.email });
    await asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: viewer.id });
    expect(await codeOf(asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: viewer.id }))).toBe(
      "CONFLICT",
    );

    const demoted = await asOwner().org.teams.members.updateRole.mutate({
      teamId: team.id,
      userId: member.id,
      role: "member",
    });
    expect(demoted.role).toBe("member");
    const listed = await kit.as(viewer, organizationId).org.teams.members.list.query({ teamId: team.id, limit: 1 });
    expect(listed.items.map((entry) => entry.userId)).toEqual([member.id]);
    const rest = await kit
      .as(viewer, organizationId)
      .org.teams.members.list.query({ teamId: team.id, limit: 1, cursor: listed.nextCursor ?? undefined });
    expect(rest.items.map((entry) => entry.userId)).toEqual([viewer.id]);
    expect((await asOwner().org.teams.get.query({ teamId: team.id })).memberCount).toBe(2);

    expect(await asOwner().org.teams.members.remove.mutate({ teamId: team.id, userId: viewer.id })).toEqual({
      teamId: team.id,
      userId: viewer.id,
    });
    expect(await codeOf(asOwner().org.teams.members.remove.mutate({ teamId: team.id, userId: viewer.id }))).toBe(
      "NOT_FOUND",
    );

    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["team.member.added", { organizationId, teamId: team.id, userId: member.id, role: "lead" }],
      ["team.member.added", { organizationId, teamId: team.id, userId: viewer.id, role: "member" }],
      ["team.member.removed", { organizationId, teamId: team.id, userId: viewer.id }],
    ]);
  });

  it("only lets members of the organization join its teams", async () => {
    const team = await asOwner().org.teams.create.mutate({ name: "Members only" });
    const outsider = await kit.createUser("outsider");
    const failure = await failureOf(asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: outsider.id }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("Only members");
  });
});
