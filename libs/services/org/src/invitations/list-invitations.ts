import type { invitationPageSchema, listInvitationsInputSchema } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { INVITATION_COLUMNS, invitationStatusSql, toInvitation } from "./invitation-record";

/** One page of the organization's invitations, newest first, optionally of one status. */
export async function listInvitations(
  trx: Transaction<Database>,
  organizationId: string,
  input: z.infer<typeof listInvitationsInputSchema>,
): Promise<z.infer<typeof invitationPageSchema>> {
  const before = decodeTimeCursor(input.cursor);
  const rows = await trx
    .selectFrom("organization_invitations")
    .select([...INVITATION_COLUMNS, preciseTime("created_at").as("created_key")])
    .where("organization_id", "=", organizationId)
    .$if(input.status !== undefined, (query) => query.where(invitationStatusSql, "=", input.status ?? "pending"))
    .where(pastTimeKey({ time: "created_at", id: "id" }, before, "before"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toInvitation, (row) => ({ at: row.created_key, id: row.id }));
}
