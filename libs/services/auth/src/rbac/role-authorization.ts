import { withSystem, withTenant, type Database } from "@cauldron/db";
import { holdsAmong, isGranted, permissionsHeldBy, rankShortfall, type RoleHolder } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Kysely, Transaction } from "kysely";
import { globalGrants, organizationGrants, readAccess } from "./access-queries";

/** Where a role change applies: one organization, or everywhere (null). */
export type RoleScope = string | null;

const PLATFORM_PERMISSION = "users:admin";

/**
 * Checks the caller may manage roles in the scope (roles:manage in the organization, users:admin
 * for global roles) and returns the caller's grants there, to bound what they may hand out.
 */
export async function authorizeRoleManagement(
  db: Kysely<Database>,
  callerId: string,
  scope: RoleScope,
): Promise<string[]> {
  const grants = await readAccess(db, async (trx) => {
    if (scope === null) return globalGrants(trx, callerId);
    const access = await organizationGrants(trx, callerId, scope);
    return access.isMember ? access.grants : globalGrants(trx, callerId);
  });
  const needed = scope === null ? PLATFORM_PERMISSION : "roles:manage";
  if (!isGranted(grants, needed)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message:
        scope === null
          ? "Global roles need the users:admin permission"
          : "This needs the roles:manage permission in the organization",
    });
  }
  return grants;
}

/**
 * Refuses to let anyone grant (or touch a role that grants) permissions they do not hold
 * themselves, or platform rights inside an organization.
 */
export function assertGrantable(callerGrants: string[], permissions: readonly string[], scope: RoleScope): void {
  if (scope !== null && permissions.includes(PLATFORM_PERMISSION)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "users:admin can only be granted by a global role" });
  }
  const beyond = rankShortfall(holdsAmong(callerGrants), permissions);
  if (beyond.length > 0) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `You cannot grant permissions you do not hold: ${beyond.join(", ")}`,
    });
  }
}

/**
 * Refuses a change that reaches holders the caller does not outrank (holds less than they hold
 * where the change reaches them), naming what the caller lacks. Run it in the writing transaction.
 */
export async function assertOutranksHolders(
  trx: Transaction<Database>,
  callerGrants: string[],
  holders: readonly RoleHolder[],
  change: string,
): Promise<void> {
  const lacking = rankShortfall(holdsAmong(callerGrants), await permissionsHeldBy(trx, holders));
  if (lacking.length > 0) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `You cannot ${change}: it reaches someone who holds permissions you do not: ${lacking.join(", ")}`,
    });
  }
}

/** Everyone who holds a role, each where they hold it. */
export async function roleHolders(trx: Transaction<Database>, roleId: string): Promise<RoleHolder[]> {
  const rows = await trx
    .selectFrom("user_roles")
    .select(["user_id", "organization_id"])
    .where("role_id", "=", roleId)
    .execute();
  return rows.map((row) => ({ userId: row.user_id, organizationId: row.organization_id }));
}

/** Runs role writes under the scope's rules: RLS confined to the organization, or the system role for global ones. */
export function inRoleScope<T>(
  db: Kysely<Database>,
  callerId: string,
  scope: RoleScope,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return scope === null ? withSystem(db, work) : withTenant(db, { userId: callerId, organizationId: scope }, work);
}

/** Resolves permission names to ids; unknown names are a BAD_REQUEST naming them. */
export async function permissionIds(trx: Transaction<Database>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await trx
    .selectFrom("permissions")
    .select(["id", "name"])
    .where("name", "in", [...names])
    .execute();
  const unknown = names.filter((name) => !rows.some((row) => row.name === name));
  if (unknown.length > 0)
    throw new TRPCError({ code: "BAD_REQUEST", message: `Unknown permissions: ${unknown.join(", ")}` });
  return rows.map((row) => row.id);
}

/** Fails with BAD_REQUEST naming any permission that does not exist. */
export async function assertKnownPermissions(db: Kysely<Database>, names: readonly string[]): Promise<void> {
  await readAccess(db, (trx) => permissionIds(trx, names));
}

/** A role with its permissions, read without tenant policies (authorization decides who sees it). */
export async function loadRole(db: Kysely<Database>, roleId: string) {
  const role = await withSystem(db, async (trx) => {
    const row = await trx.selectFrom("roles").selectAll().where("id", "=", roleId).executeTakeFirst();
    if (!row) return null;
    const permissions = await trx
      .selectFrom("role_permissions as rp")
      .innerJoin("permissions as p", "p.id", "rp.permission_id")
      .select("p.name")
      .where("rp.role_id", "=", roleId)
      .orderBy("p.name")
      .execute();
    return { ...row, permissions: permissions.map((permission) => permission.name) };
  });
  if (!role) throw new TRPCError({ code: "NOT_FOUND", message: "No role has this id" });
  return role;
}
