import type { StorageUsage } from "@cauldron/contracts";
import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { StorageWriter } from "../objects/storage-caller";
import { organizationUsage } from "./usage-queries";

/**
 * Sets the organization's storage limits (null lifts one). Tenants may only read storage.quotas,
 * so the row is written as the system role, once the procedure has checked the caller's permission.
 */
export async function setQuota(
  db: Kysely<Database>,
  caller: StorageWriter,
  limits: { maxBytes: number | null; maxObjects: number | null },
): Promise<StorageUsage> {
  await withSystem(db, async (trx) => {
    const values = { max_bytes: limits.maxBytes, max_objects: limits.maxObjects };
    await trx
      .insertInto("storage.quotas")
      .values({ organization_id: caller.organizationId, ...values })
      .onConflict((conflict) => conflict.column("organization_id").doUpdateSet(values))
      .execute();
    await caller.record(trx, {
      action: "storage.quota_set",
      target: { type: "organization", id: caller.organizationId },
      metadata: { ...limits },
    });
  });
  return caller.tenant((trx) => organizationUsage(trx, caller.organizationId));
}
