import type { Kysely } from "kysely";
import { createAccessTables, dropAccessTables } from "./core/access-tables";
import { seedAccessControl } from "./core/access-seed";
import { createIdentityTables, dropIdentityTables } from "./core/identity-tables";
import { createOrganizationTables, dropOrganizationTables } from "./core/organization-tables";
import { dropMembershipFunctions, secureCoreTables } from "./core/policies";
import { createSettingsAndAuditTables, dropSettingsAndAuditTables } from "./core/settings-and-audit-tables";

/*
 * Core: users and their credentials, organizations and teams, roles and permissions (with the
 * built-in ones seeded), settings at system / organization / user level, and the audit log.
 * Split by concern under ./core; these files belong to this migration only.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await createIdentityTables(db);
  await createOrganizationTables(db);
  await createAccessTables(db);
  await createSettingsAndAuditTables(db);
  await secureCoreTables(db);
  await seedAccessControl(db);
}

// The seeded rows go with their tables.
export async function down(db: Kysely<unknown>): Promise<void> {
  await dropSettingsAndAuditTables(db);
  await dropAccessTables(db);
  await dropOrganizationTables(db);
  await dropIdentityTables(db);
  await dropMembershipFunctions(db);
}
