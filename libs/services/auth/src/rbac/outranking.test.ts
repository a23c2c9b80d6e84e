import { codeOf, failureOf } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";

let harness: AuthHarness;
let owner: TestAccount;
let manager: TestAccount;
let senior: TestAccount;
let junior: TestAccount;

beforeAll(async () => {
  harness = await startAuthHarness();
  owner = await harness.signUp("owner");
  manager = await harness.signUp("manager");
  senior = await harness.signUp("senior");
  junior = await harness.signUp("junior");
});

afterAll(async () => {
  await harness?.close();
});

const as = (account: TestAccount) => harness.client(account.session.accessToken);

/**
 * A fresh organization where `manager` is a viewer who was given roles:manage by a custom role,
 * `senior` an admin and `junior` a viewer; `reader` is a custom role the manager could grant.
 */
async function organizationWithRoleManager() {
  const organizationId = await harness.createOrganization(owner.userId, "owner");
  await harness.addMember(organizationId, manager.userId, "viewer");
  await harness.addMember(organizationId, senior.userId, "admin");
  await harness.addMember(organizationId, junior.userId, "viewer");
  const steward = await as(owner).auth.roles.create.mutate({
    organizationId,
    name: "steward",
    permissions: ["roles:manage"],
  });
  await as(owner).auth.roles.assign.mutate({ userId: manager.userId, roleId: steward.id, organizationId });
  const reader = await as(owner).auth.roles.create.mutate({
    organizationId,
    name: "reader",
    permissions: ["documents:read"],
  });
  return { organizationId, reader };
}

describe("roles reaching people who outrank the caller", () => {
  it("refuses to take a role away from someone who outranks the caller, and allows it for someone they outrank", async () => {
    const { organizationId, reader } = await organizationWithRoleManager();
    await as(manager).auth.roles.assign.mutate({ userId: senior.userId, roleId: reader.id, organizationId });
    await as(manager).auth.roles.assign.mutate({ userId: junior.userId, roleId: reader.id, organizationId });

    const failure = await failureOf(
      as(manager).auth.roles.unassign.mutate({ userId: senior.userId, roleId: reader.id, organizationId }),
    );
    expect(failure.data.code).toBe("FORBIDDEN");
    expect(failure.message).toContain("settings:write");
    expect((await as(senior).auth.me.query()).roles).toContainEqual({
      roleId: reader.id,
      name: "reader",
      organizationId,
    });

    await as(manager).auth.roles.unassign.mutate({ userId: junior.userId, roleId: reader.id, organizationId });
    expect((await as(junior).auth.me.query()).roles).not.toContainEqual({
      roleId: reader.id,
      name: "reader",
      organizationId,
    });
  });

  it("refuses to change or delete a role held by someone who outranks the caller", async () => {
    const { organizationId, reader } = await organizationWithRoleManager();
    await as(owner).auth.roles.assign.mutate({ userId: senior.userId, roleId: reader.id, organizationId });
    expect(await codeOf(as(manager).auth.roles.update.mutate({ roleId: reader.id, description: "renamed" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(as(manager).auth.roles.update.mutate({ roleId: reader.id, permissions: [] }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(as(manager).auth.roles.delete.mutate({ roleId: reader.id }))).toBe("FORBIDDEN");
    const roles = await as(owner).auth.roles.list.query({ organizationId });
    expect(roles.find((role) => role.id === reader.id)).toMatchObject({
      description: null,
      permissions: ["documents:read"],
    });

    expect(await as(owner).auth.roles.update.mutate({ roleId: reader.id, description: "renamed" })).toMatchObject({
      description: "renamed",
    });
    expect(await as(owner).auth.roles.delete.mutate({ roleId: reader.id })).toEqual({ ok: true });
  });

  it("lets the caller change and delete a role held only by people they outrank", async () => {
    const { organizationId, reader } = await organizationWithRoleManager();
    await as(manager).auth.roles.assign.mutate({ userId: junior.userId, roleId: reader.id, organizationId });
    expect(await as(manager).auth.roles.update.mutate({ roleId: reader.id, description: "for readers" })).toMatchObject(
      {
        description: "for readers",
      },
    );
    expect(await as(manager).auth.roles.delete.mutate({ roleId: reader.id })).toEqual({ ok: true });
  });

  it("refuses to touch a role that grants more than the caller holds, even with nobody holding it", async () => {
    const { organizationId } = await organizationWithRoleManager();
    const demolisher = await as(owner).auth.roles.create.mutate({
      organizationId,
      name: "demolisher",
      permissions: ["organizations:delete"],
    });
    const update = await failureOf(as(manager).auth.roles.update.mutate({ roleId: demolisher.id, permissions: [] }));
    expect(update.data.code).toBe("FORBIDDEN");
    expect(update.message).toContain("organizations:delete");
    expect(await codeOf(as(manager).auth.roles.delete.mutate({ roleId: demolisher.id }))).toBe("FORBIDDEN");
    expect(
      await codeOf(
        as(manager).auth.roles.assign.mutate({ userId: manager.userId, roleId: demolisher.id, organizationId }),
      ),
    ).toBe("FORBIDDEN");
  });

  it("lets a platform administrator act on anyone's roles", async () => {
    const { organizationId, reader } = await organizationWithRoleManager();
    const admin = await harness.signUp("platform");
    await harness.makePlatformAdmin(admin.userId);
    await as(admin).auth.roles.assign.mutate({ userId: senior.userId, roleId: reader.id, organizationId });
    expect(
      await as(admin).auth.roles.unassign.mutate({ userId: senior.userId, roleId: reader.id, organizationId }),
    ).toEqual({ ok: true });
  });
});

describe("assigning a role while the membership ends", () => {
  // Whether some statement of this test database is waiting for a row lock.
  async function someoneWaitsOnALock(): Promise<boolean> {
    const { rows } = await sql<{ waiting: boolean }>`
      select exists (
        select 1 from pg_locks
        where not granted and pid in (select pid from pg_stat_activity where datname = current_database())
      ) as waiting
    `.execute(harness.database.ownerDb);
    return rows[0]?.waiting ?? false;
  }

  it("refuses an assignment that meets a removal in flight, so no grant outlives the membership", async () => {
    const { organizationId, reader } = await organizationWithRoleManager();
    const removal = await harness.database.ownerDb.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("organization_users")
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", junior.userId)
        .execute();
      const assignment = failureOf(
        as(owner).auth.roles.assign.mutate({ userId: junior.userId, roleId: reader.id, organizationId }),
      );
      // The assignment waits for the removal to commit instead of slipping in beside it.
      await expect.poll(someoneWaitsOnALock).toBe(true);
      return { assignment };
    });
    expect((await removal.assignment).data.code).toBe("BAD_REQUEST");
    const left = await harness.database.ownerDb
      .selectFrom("user_roles")
      .select("id")
      .where("user_id", "=", junior.userId)
      .where("organization_id", "=", organizationId)
      .execute();
    expect(left).toEqual([]);
  });
});
