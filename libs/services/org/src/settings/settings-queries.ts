import type { Database } from "@cauldron/db";
import {
  ORGANIZATION_SETTING_KEYS,
  type EffectiveSetting,
  type OrganizationSetting,
  type OrganizationSettingKey,
} from "@cauldron/contracts";
import type { Transaction } from "kysely";

/** The values the organization set itself, by key. */
export async function organizationSettings(
  trx: Transaction<Database>,
  organizationId: string,
): Promise<OrganizationSetting[]> {
  const rows = await trx
    .selectFrom("organization_settings")
    .select(["key", "value", "updated_by", "updated_at"])
    .where("organization_id", "=", organizationId)
    .where("key", "in", ORGANIZATION_SETTING_KEYS)
    .orderBy("key")
    .execute();
  return rows.map((row) => ({
    key: row.key as OrganizationSettingKey,
    value: row.value,
    updatedByUserId: row.updated_by,
    updatedAt: row.updated_at,
  }));
}

/**
 * The value in force for each key: the organization's own where it set one, else the system
 * default. (User settings override both, but they belong to the user's side, not here.)
 */
export async function resolveEffectiveSettings(
  trx: Transaction<Database>,
  organizationId: string,
  keys: readonly OrganizationSettingKey[] = ORGANIZATION_SETTING_KEYS,
): Promise<EffectiveSetting[]> {
  const rows = await trx
    .selectFrom("admin.system_settings as system")
    .leftJoin("organization_settings as own", (join) =>
      join.onRef("own.key", "=", "system.key").on("own.organization_id", "=", organizationId),
    )
    .select(["system.key", "system.value as system_value", "own.value as own_value", "own.id as own_id"])
    .where("system.key", "in", [...keys])
    .orderBy("system.key")
    .execute();
  return rows.map((row) => ({
    key: row.key as OrganizationSettingKey,
    value: row.own_id !== null ? row.own_value : row.system_value,
    source: row.own_id !== null ? "organization" : "system",
  }));
}
