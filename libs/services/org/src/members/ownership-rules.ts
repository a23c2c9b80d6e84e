import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import { conflict } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";
import { ownerCount } from "../access/organization-state";

/**
 * Only an owner grants or takes away ownership. Platform administrators and services (whose
 * grants cover `users:admin`) may too, so a stranded organization can be repaired.
 */
export function assertMayManageOwners(callerRole: OrganizationRole | null, can: (permission: string) => boolean): void {
  if (callerRole === "owner" || can("users:admin")) return;
  throw new TRPCError({
    code: "FORBIDDEN",
    message: "Only an owner can grant ownership or change an owner's membership",
  });
}

/** Refuses (reason `last_owner`) to demote or remove the last owner (call with the organization locked). */
export async function assertAnotherOwnerRemains(
  trx: Transaction<Database>,
  organizationId: string,
  whatHappens: string,
): Promise<void> {
  if ((await ownerCount(trx, organizationId)) > 1) return;
  throw conflict("last_owner", `The last owner cannot ${whatHappens}; make another member an owner first`);
}
