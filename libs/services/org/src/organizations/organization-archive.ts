import type { Database } from "@cauldron/db";
import type { Organization } from "@cauldron/contracts";
import { publishEvent } from "@cauldron/events";
import {
  recordAudit,
  requestActorUserId,
  type RequestContext,
  requestEventMetadata,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { ORGANIZATION_COLUMNS, toOrganization } from "./organization-record";

type Caller = Pick<RequestContext, "principal" | "requestId" | "ip" | "userAgent"> & { organizationId: string };

/**
 * Archives (freezes) or restores the active organization. An archived organization stays
 * readable to its members; every change but restore is refused until then.
 */
export async function setArchived(
  trx: Transaction<Database>,
  caller: Caller,
  archived: boolean,
): Promise<Organization> {
  const current = await trx
    .selectFrom("organizations")
    .select("archived_at")
    .where("id", "=", caller.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found" });
  if ((current.archived_at !== null) === archived) {
    throw new TRPCError({
      code: "CONFLICT",
      message: archived ? "The organization is archived already" : "The organization is not archived",
    });
  }
  const row = await trx
    .updateTable("organizations")
    .set({ archived_at: archived ? sql<Date>`now()` : null })
    .where("id", "=", caller.organizationId)
    .returning(ORGANIZATION_COLUMNS)
    .executeTakeFirstOrThrow();
  await recordAudit(trx, caller, {
    action: archived ? "organization.archived" : "organization.restored",
    organizationId: caller.organizationId,
    target: { type: "organization", id: caller.organizationId },
  });
  await publishEvent(
    trx,
    "organization.updated",
    { organizationId: caller.organizationId, changedFields: ["archived_at"], updatedByUserId: requestActorUserId(caller) },
    { metadata: requestEventMetadata(caller) },
  );
  return toOrganization(row);
}
