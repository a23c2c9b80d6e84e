import { USER_SETTING_KEYS } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

export interface EffectiveSetting {
  key: string;
  value: unknown;
  source: "system" | "organization" | "user";
}

const USER_KEYS = new Set<string>(USER_SETTING_KEYS);

/**
 * Resolves every setting for a user: the system value, overridden by the organization's (when one
 * is given), overridden by the user's own for the keys users may set. Runs without tenant policies;
 * the caller checks membership first.
 */
export async function resolveEffectiveSettings(
  trx: Transaction<Database>,
  userId: string,
  organizationId: string | null,
): Promise<EffectiveSetting[]> {
  const system = await trx.selectFrom("admin.system_settings").select(["key", "value"]).orderBy("key").execute();
  const organization = organizationId
    ? await trx
        .selectFrom("organization_settings")
        .select(["key", "value"])
        .where("organization_id", "=", organizationId)
        .execute()
    : [];
  const user = await trx.selectFrom("user_settings").select(["key", "value"]).where("user_id", "=", userId).execute();
  const byKey = new Map<string, EffectiveSetting>();
  for (const row of system) byKey.set(row.key, { key: row.key, value: row.value, source: "system" });
  for (const row of organization) byKey.set(row.key, { key: row.key, value: row.value, source: "organization" });
  for (const row of user) {
    if (USER_KEYS.has(row.key)) byKey.set(row.key, { key: row.key, value: row.value, source: "user" });
  }
  return [...byKey.values()];
}
