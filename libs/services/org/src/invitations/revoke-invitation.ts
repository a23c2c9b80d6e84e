import type { Invitation } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound, type OrganizationWriteContext } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { INVITATION_COLUMNS, toInvitation } from "./invitation-record";
import { assertInvitationOpen } from "./invitation-refusals";

type Caller = OrganizationWriteContext & { organizationId: string };

/** Revokes an invitation of the organization so its link no longer works. */
export async function revokeInvitation(
  trx: Transaction<Database>,
  caller: Caller,
  invitationId: string,
): Promise<Invitation> {
  const invitation = requireFound(
    await trx
      .selectFrom("organization_invitations")
      .select(INVITATION_COLUMNS)
      .where("organization_id", "=", caller.organizationId)
      .where("id", "=", invitationId)
      .forUpdate()
      .executeTakeFirst(),
    "Invitation not found",
  );
  // An expired invitation can still be revoked, so its address can be invited afresh.
  if (invitation.accepted_at || invitation.declined_at || invitation.revoked_at) assertInvitationOpen(invitation);
  const revoked = await trx
    .updateTable("organization_invitations")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", invitation.id)
    .returning(INVITATION_COLUMNS)
    .executeTakeFirstOrThrow();
  await caller.record(trx, {
    action: "invitation.revoked",
    target: { type: "invitation", id: invitation.id },
    metadata: { email: invitation.email },
  });
  return toInvitation(revoked);
}
