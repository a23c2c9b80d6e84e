import type { Database } from "@cauldron/db";
import type { OrganizationCaller } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { accessDenied } from "./access-refusals";
import { ACCESS_RANK, callerAccessRank } from "./caller-access-rank";

/**
 * Grants are changed by those who manage storage, or by whoever holds admin rank on the bucket
 * or object (its owner, or an admin grant), so a team can share what it owns without a manager.
 */
export async function assertMayChangeGrants(
  trx: Transaction<Database>,
  caller: Pick<OrganizationCaller, "can">,
  target: { bucketId: string; object?: { id: string; owner: string | null } },
): Promise<void> {
  if (caller.can("storage:manage")) return;
  if ((await callerAccessRank(trx, target.bucketId, target.object)) >= ACCESS_RANK.admin) return;
  throw accessDenied("Changing who may use this needs the storage:manage permission or admin access to it");
}
