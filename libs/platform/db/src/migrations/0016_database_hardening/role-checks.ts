import { type Kysely, sql } from "kysely";

/**
 * 0016 needs two things only an administrator can grant (deploy/postgres/bootstrap.sql does both):
 * the migrating role is a member of cauldron_system, so it can hand the SECURITY DEFINER functions
 * to it; and cauldron_app is NOINHERIT, so the system role's table privileges do not reach a
 * tenant's transaction (otherwise the column-level grants on users would change nothing).
 */
export async function requireHardenedRoles(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ migrator: string; member: boolean; app_inherits: boolean }>`
    select current_user as migrator,
           pg_has_role(current_user, 'cauldron_system', 'MEMBER') as member,
           (select rolinherit from pg_roles where rolname = 'cauldron_app') as app_inherits
  `.execute(db);
  const check = rows[0];
  const problems: string[] = [];
  if (!check?.member) problems.push(`GRANT cauldron_system TO ${check?.migrator ?? "the migrating role"}`);
  if (check?.app_inherits !== false) problems.push("ALTER ROLE cauldron_app NOINHERIT");
  if (problems.length > 0) {
    throw new Error(
      `The database roles predate this migration. As an administrator, run ${problems.join("; ")} ` +
        "(deploy/postgres/bootstrap.sql does it and is safe to run again), then migrate again.",
    );
  }
}
