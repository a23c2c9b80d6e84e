import { codeOf, failureOf } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;

beforeAll(async () => {
  kit = await startOrgTestKit();
});

afterAll(async () => {
  await kit?.close();
});

/** Creates a custom role of the organization and assigns it there, as roles management in auth would. */
async function assignCustomRole(
  organizationId: string,
  userId: string,
  name: string,
  permissions: string[],
): Promise<string> {
  const role = await kit.database.ownerDb
    .insertInto("roles")
    .values({ organization_id: organizationId, name })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
    insert into public.role_permissions (role_id, permission_id, organization_id)
    select ${role.id}, id, ${organizationId} from public.permissions where name = any(${permissions}::text[])
  `.execute(kit.database.ownerDb);
  await kit.database.ownerDb
    .insertInto("user_roles")
    .values({ user_id: userId, role_id: role.id, organization_id: organizationId })
    .execute();
  return role.id;
}

/** An organization with a viewer who was also given every members:* permission by a custom role. */
async function organizationWithMemberManager() {
  const owner = await kit.createUser("owner");
  const { id: organizationId } = await kit.as(owner).org.create.mutate({ name: `Rank ${owner.id.slice(0, 8)}` });
  const people: Record<string, TestUser> = {};
  for (const [label, role] of [
    ["manager", "viewer"],
    ["admin", "admin"],
    ["viewer", "viewer"],
  ] as const) {
    people[label] = await kit.createUser(label);
    await kit.join(owner, organizationId, people[label]!, role);
  }
  await assignCustomRole(organizationId, people.manager!.id, "member_manager", [
    "members:read",
    "members:invite",
    "members:update",
    "members:remove",
  ]);
  return { owner, organizationId, manager: people.manager!, admin: people.admin!, viewer: people.viewer! };
}

describe("granting organization roles", () => {
  it("refuses a member manager promoting someone to a role holding permissions they lack", async () => {
    const { organizationId, manager, viewer } = await organizationWithMemberManager();
    const asManager = kit.as(manager, organizationId);
    const promotion = await failureOf(asManager.org.members.updateRole.mutate({ userId: viewer.id, role: "admin" }));
    expect(promotion.data.code).toBe("FORBIDDEN");
    expect(promotion.message).toContain("roles:manage");
    expect(await codeOf(asManager.org.members.updateRole.mutate({ userId: viewer.id, role: "member" }))).toBe(
      "FORBIDDEN",
    );
    const members = await asManager.org.members.list.query({ role: "viewer" });
    expect(members.items.map((member) => member.userId)).toContain(viewer.id);
  });

  it("refuses a member manager inviting someone as admin, but lets them invite a viewer", async () => {
    const { organizationId, manager } = await organizationWithMemberManager();
    const asManager = kit.as(manager, organizationId);
    const invitation = await failureOf(
      asManager.org.invitations.create.mutate({ email: "climber@example.test", role: "admin" }),
    );
    expect(invitation.data.code).toBe("FORBIDDEN");
    expect(invitation.message).toContain("admin");
    const viewer = await asManager.org.invitations.create.mutate({ email: "reader@example.test", role: "viewer" });
    expect(viewer.invitation).toMatchObject({ role: "viewer" });
  });

  it("lets an admin grant admin, since they hold every permission it grants", async () => {
    const { organizationId, admin, viewer } = await organizationWithMemberManager();
    const promoted = await kit
      .as(admin, organizationId)
      .org.members.updateRole.mutate({ userId: viewer.id, role: "admin" });
    expect(promoted).toMatchObject({ userId: viewer.id, role: "admin" });
  });
});

describe("changing members who outrank the caller", () => {
  it("refuses a member manager demoting or removing an admin", async () => {
    const { owner, organizationId, manager, admin } = await organizationWithMemberManager();
    const asManager = kit.as(manager, organizationId);
    expect(await codeOf(asManager.org.members.updateRole.mutate({ userId: admin.id, role: "viewer" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(asManager.org.members.remove.mutate({ userId: admin.id }))).toBe("FORBIDDEN");
    const admins = await kit.as(owner, organizationId).org.members.list.query({ role: "admin" });
    expect(admins.items.map((member) => member.userId)).toEqual([admin.id]);
  });

  it("lets a member manager remove a viewer they outrank", async () => {
    const { organizationId, manager, viewer } = await organizationWithMemberManager();
    expect(await kit.as(manager, organizationId).org.members.remove.mutate({ userId: viewer.id })).toEqual({
      userId: viewer.id,
      teamIds: [],
    });
  });

  it("counts roles assigned in the organization toward the member's rank", async () => {
    const { organizationId, admin, viewer } = await organizationWithMemberManager();
    await assignCustomRole(organizationId, viewer.id, "demolisher", ["organizations:delete"]);
    expect(await codeOf(kit.as(admin, organizationId).org.members.remove.mutate({ userId: viewer.id }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("roles assigned in an organization end with the membership", () => {
  async function assignmentsOf(userId: string, organizationId: string | null) {
    return kit.database.ownerDb
      .selectFrom("user_roles")
      .select("role_id")
      .where("user_id", "=", userId)
      .where((eb) =>
        organizationId === null ? eb("organization_id", "is", null) : eb("organization_id", "=", organizationId),
      )
      .execute();
  }

  it("removes a removed member's roles in that organization, and rejoining does not bring them back", async () => {
    const { owner, organizationId, viewer } = await organizationWithMemberManager();
    await assignCustomRole(organizationId, viewer.id, "auditor", ["audit:read"]);
    const { id: elsewhere } = await kit.as(viewer).org.create.mutate({ name: `Elsewhere ${viewer.id.slice(0, 8)}` });
    await assignCustomRole(elsewhere, viewer.id, "auditor", ["audit:read"]);
    expect((await kit.as(viewer, organizationId).org.audit.list.query({})).items).toEqual(expect.any(Array));

    await kit.as(owner, organizationId).org.members.remove.mutate({ userId: viewer.id });
    expect(await assignmentsOf(viewer.id, organizationId)).toEqual([]);
    expect(await assignmentsOf(viewer.id, elsewhere)).toHaveLength(1);

    await kit.join(owner, organizationId, viewer, "viewer");
    expect(await codeOf(kit.as(viewer, organizationId).org.audit.list.query({}))).toBe("FORBIDDEN");
    expect(await assignmentsOf(viewer.id, organizationId)).toEqual([]);
  });

  it("removes the roles of a member who leaves", async () => {
    const { organizationId, viewer } = await organizationWithMemberManager();
    await assignCustomRole(organizationId, viewer.id, "auditor", ["audit:read"]);
    await kit.as(viewer, organizationId).org.leave.mutate();
    expect(await assignmentsOf(viewer.id, organizationId)).toEqual([]);
  });
});
