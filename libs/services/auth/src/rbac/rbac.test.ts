import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;
let owner: TestAccount;
let member: TestAccount;
let admin: TestAccount;
let organizationId: string;

beforeAll(async () => {
  harness = await startAuthHarness();
  peer = await startPeerService(harness);
  owner = await harness.signUp("rbac-owner");
  member = await harness.signUp("rbac-member");
  admin = await harness.signUp("rbac-admin");
  organizationId = await harness.createOrganization(owner.userId, "owner");
  await harness.addMember(organizationId, member.userId, "viewer");
  await harness.makePlatformAdmin(admin.userId);
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
});

const as = (account: TestAccount) => harness.client(account.session.accessToken);

describe("permissions and roles", () => {
  it("lists the built-in permissions and roles", async () => {
    const permissions = await as(member).auth.permissions.list.query();
    expect(permissions.map((permission) => permission.name)).toEqual(
      expect.arrayContaining(["documents:read", "roles:manage", "users:admin"]),
    );
    const roles = await as(member).auth.roles.list.query({});
    expect(
      roles
        .filter((role) => role.isSystem)
        .map((role) => role.name)
        .sort(),
    ).toEqual(["admin", "member", "owner", "platform_admin", "viewer"]);
    expect(roles.find((role) => role.name === "viewer")?.permissions).toContain("documents:read");
  });

  it("shows effective permissions per organization in me", async () => {
    const me = await as(member).auth.me.query();
    const access = me.organizations.find((organization) => organization.organizationId === organizationId);
    expect(access).toMatchObject({ role: "viewer" });
    expect(access?.permissions).toContain("documents:read");
    expect(access?.permissions).not.toContain("documents:delete");
    expect(me.globalPermissions).toEqual([]);
  });

  it("answers can for an organization and for the platform", async () => {
    expect(await as(member).auth.can.query({ permission: "documents:read", organizationId })).toEqual({
      allowed: true,
    });
    expect(await as(member).auth.can.query({ permission: "documents:delete", organizationId })).toEqual({
      allowed: false,
    });
    expect(await as(member).auth.can.query({ permission: "users:admin" })).toEqual({ allowed: false });
    expect(await as(admin).auth.can.query({ permission: "users:admin" })).toEqual({ allowed: true });
    const outsider = await harness.signUp("outsider");
    expect(await as(outsider).auth.can.query({ permission: "documents:read", organizationId })).toEqual({
      allowed: false,
    });
  });

  it("answers can as an organization procedure would: not allowed, for mfa_required, in an organization that requires a second factor", async () => {
    const guarded = await harness.signUp("rbac-guarded");
    const guardedOrganization = await harness.createOrganization(guarded.userId, "owner");
    expect(
      await as(guarded).auth.can.query({ permission: "documents:read", organizationId: guardedOrganization }),
    ).toEqual({ allowed: true });
    await harness.database.ownerDb
      .insertInto("organization_settings")
      .values({ organization_id: guardedOrganization, key: "security.mfa_required", value: "true" })
      .execute();
    expect(
      await as(guarded).auth.can.query({ permission: "documents:read", organizationId: guardedOrganization }),
    ).toEqual({
      allowed: false,
      reason: "mfa_required",
    });
    expect(await as(guarded).auth.can.query({ permission: "documents:delete", organizationId })).toEqual({
      allowed: false,
    });
  });

  it("creates a custom organization role, assigns it, and the grant takes effect in every service", async () => {
    const role = await as(owner).auth.roles.create.mutate({
      organizationId,
      name: "archivist",
      description: "Cleans up old documents",
      permissions: ["documents:delete", "documents:read"],
    });
    expect(role).toMatchObject({
      organizationId,
      isSystem: false,
      permissions: ["documents:delete", "documents:read"],
    });
    const peerAsMember = peer.client({ token: member.session.accessToken, organizationId });
    expect((await failureOf(peerAsMember.peer.deleteDocuments.query())).data.code).toBe("FORBIDDEN");

    await as(owner).auth.roles.assign.mutate({ userId: member.userId, roleId: role.id, organizationId });
    expect(await peerAsMember.peer.deleteDocuments.query()).toBe("deleted");
    expect((await as(member).auth.me.query()).roles).toContainEqual({
      roleId: role.id,
      name: "archivist",
      organizationId,
    });

    const twice = await failureOf(
      as(owner).auth.roles.assign.mutate({ userId: member.userId, roleId: role.id, organizationId }),
    );
    expect(twice.data.code).toBe("CONFLICT");

    await as(owner).auth.roles.unassign.mutate({ userId: member.userId, roleId: role.id, organizationId });
    expect((await failureOf(peerAsMember.peer.deleteDocuments.query())).data.code).toBe("FORBIDDEN");
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select("event_type")
      .where("event_type", "in", ["role.changed", "role.assigned", "role.unassigned"])
      .where("payload", "@>", JSON.stringify({ roleId: role.id }))
      .execute();
    expect(events.map((event) => event.event_type).sort()).toEqual([
      "role.assigned",
      "role.changed",
      "role.unassigned",
    ]);
  });

  it("updates and deletes custom roles but never built-in ones", async () => {
    const role = await as(owner).auth.roles.create.mutate({
      organizationId,
      name: "editor_lite",
      permissions: ["documents:read"],
    });
    const updated = await as(owner).auth.roles.update.mutate({
      roleId: role.id,
      permissions: ["documents:read", "documents:update"],
    });
    expect(updated.permissions).toEqual(["documents:read", "documents:update"]);
    await as(owner).auth.roles.delete.mutate({ roleId: role.id });
    const roles = await as(owner).auth.roles.list.query({ organizationId });
    expect(roles.map((listed) => listed.id)).not.toContain(role.id);

    const viewer = (await as(owner).auth.roles.list.query({})).find((listed) => listed.name === "viewer")!;
    expect(
      (await failureOf(as(admin).auth.roles.update.mutate({ roleId: viewer.id, description: "changed" }))).data.code,
    ).toBe("FORBIDDEN");
    expect((await failureOf(as(admin).auth.roles.delete.mutate({ roleId: viewer.id }))).data.code).toBe("FORBIDDEN");
  });

  it("refuses role management without roles:manage in the organization", async () => {
    const failure = await failureOf(
      as(member).auth.roles.create.mutate({ organizationId, name: "sneaky", permissions: ["documents:read"] }),
    );
    expect(failure.data.code).toBe("FORBIDDEN");
    const viewer = (await as(member).auth.roles.list.query({})).find((listed) => listed.name === "admin")!;
    const selfPromotion = await failureOf(
      as(member).auth.roles.assign.mutate({ userId: member.userId, roleId: viewer.id, organizationId }),
    );
    expect(selfPromotion.data.code).toBe("FORBIDDEN");
  });

  it("never lets anyone hand out permissions they do not hold, or platform rights in an organization", async () => {
    const orgAdmin = await harness.signUp("org-admin");
    await harness.addMember(organizationId, orgAdmin.userId, "admin");
    const beyond = await failureOf(
      as(orgAdmin).auth.roles.create.mutate({
        organizationId,
        name: "destroyer",
        permissions: ["organizations:delete"],
      }),
    );
    expect(beyond.data.code).toBe("FORBIDDEN");
    expect(beyond.message).toContain("organizations:delete");
    const platform = await failureOf(
      as(owner).auth.roles.create.mutate({ organizationId, name: "root", permissions: ["users:admin"] }),
    );
    expect(platform.data.code).toBe("BAD_REQUEST");
  });

  it("lets only platform administrators manage global roles and assignments", async () => {
    const ownerTry = await failureOf(
      as(owner).auth.roles.create.mutate({ name: "auditor", permissions: ["audit:read"] }),
    );
    expect(ownerTry.data.code).toBe("FORBIDDEN");
    const auditor = await as(admin).auth.roles.create.mutate({ name: "auditor", permissions: ["audit:read"] });
    expect(auditor.organizationId).toBeNull();
    await as(admin).auth.roles.assign.mutate({ userId: member.userId, roleId: auditor.id });
    expect(await as(member).auth.can.query({ permission: "audit:read" })).toEqual({ allowed: true });
    await as(admin).auth.roles.unassign.mutate({ userId: member.userId, roleId: auditor.id });
    expect(await as(member).auth.can.query({ permission: "audit:read" })).toEqual({ allowed: false });
  });

  it("keeps at least one platform administrator", async () => {
    const platformAdmin = (await as(admin).auth.roles.list.query({})).find((role) => role.name === "platform_admin")!;
    const failure = await failureOf(
      as(admin).auth.roles.unassign.mutate({ userId: admin.userId, roleId: platformAdmin.id }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
  });

  it("rejects unknown permissions and names with field messages", async () => {
    const unknown = await failureOf(
      as(owner).auth.roles.create.mutate({ organizationId, name: "ghost", permissions: ["ghosts:haunt"] }),
    );
    expect(unknown.data.code).toBe("BAD_REQUEST");
    const badName = await failureOf(
      as(owner).auth.roles.create.mutate({ organizationId, name: "Bad Name", permissions: [] }),
    );
    expect(badName.data.fieldErrors?.name).toBeDefined();
  });
});
