import type { Kysely } from "kysely";
import {
  scopeLookupsToCaller,
  setDefinerFunctionOwner,
  unscopeLookups,
} from "./0016_database_hardening/definer-functions";
import {
  createForcingTenancyHelpers,
  restoreTenancyHelpers,
  setForcedRowLevelSecurity,
} from "./0016_database_hardening/forced-rls";
import {
  createForcedRlsPartitionMaintenance,
  restorePartitionMaintenance,
} from "./0016_database_hardening/partition-maintenance";
import { requireHardenedRoles } from "./0016_database_hardening/role-checks";
import { restoreUserWrites, restrictUserWrites } from "./0016_database_hardening/user-privileges";

/*
 * Database hardening:
 * - FORCE ROW LEVEL SECURITY on every table with RLS, so the owner role is confined like the
 *   services' role; whoever needs every tenant's rows (SECURITY DEFINER look-ups, the seed, data
 *   migrations) goes through cauldron_system explicitly. apply_org_rls/apply_user_rls force it on
 *   tables created later. One thing forced RLS blinds is the owner's validation of a foreign key
 *   over existing rows (attaching a partition, adding a constraint): ensure_partitions now moves
 *   waiting rows in after attaching, and a migration adding a foreign key over existing rows must
 *   lift FORCE on the referenced table for that statement.
 * - SECURITY DEFINER functions that read across tenants belong to cauldron_system; every definer
 *   function's search_path ends with pg_temp, so no temporary object can shadow what it calls.
 * - organization_access and user_overview answer for app.user_id, the caller RLS already trusts,
 *   instead of for any user id an argument names.
 * - The services' role updates only users.display_name under RLS; users in the active
 *   organization are visible to whoever was authorized to act in it.
 * Data migrations after this one that touch tenant rows must `set local role cauldron_system`.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await requireHardenedRoles(db);
  await setForcedRowLevelSecurity(db, true);
  await createForcingTenancyHelpers(db);
  await createForcedRlsPartitionMaintenance(db);
  await scopeLookupsToCaller(db);
  await setDefinerFunctionOwner(db, "cauldron_system");
  await restrictUserWrites(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await restoreUserWrites(db);
  await setDefinerFunctionOwner(db, "current_user");
  await unscopeLookups(db);
  await restorePartitionMaintenance(db);
  await restoreTenancyHelpers(db);
  await setForcedRowLevelSecurity(db, false);
}
