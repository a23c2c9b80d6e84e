import type { StorageUsage } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

/** What the organization stores now (counters kept exactly by the database) beside its limits. */
export async function organizationUsage(trx: Transaction<Database>, organizationId: string): Promise<StorageUsage> {
  const [usage, quota] = await Promise.all([
    trx
      .selectFrom("storage.usage")
      .select(["bytes", "objects"])
      .where("organization_id", "=", organizationId)
      .executeTakeFirst(),
    trx
      .selectFrom("storage.quotas")
      .select(["max_bytes", "max_objects"])
      .where("organization_id", "=", organizationId)
      .executeTakeFirst(),
  ]);
  return {
    bytes: Number(usage?.bytes ?? 0),
    objects: Number(usage?.objects ?? 0),
    maxBytes: quota?.max_bytes == null ? null : Number(quota.max_bytes),
    maxObjects: quota?.max_objects == null ? null : Number(quota.max_objects),
  };
}

/** Whether usage has gone past a limit; checked after a write, inside its transaction, so a refused write leaves nothing. */
export function quotaExceeded(usage: StorageUsage): "bytes" | "objects" | null {
  if (usage.maxBytes !== null && usage.bytes > usage.maxBytes) return "bytes";
  if (usage.maxObjects !== null && usage.objects > usage.maxObjects) return "objects";
  return null;
}
