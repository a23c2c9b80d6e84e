import type { Database } from "@cauldron/db";
import { requestEmail, type EmailComposer } from "@cauldron/email";
import { requestEventMetadata, type RequestContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { INVITATION_COLUMNS, invitationStatus } from "./invitation-record";
import { createInvitationToken, invitationLink } from "./invitation-token";

/** The org service's one email. */
export const INVITATION_TEMPLATE = "organization_invitation";

/**
 * Queues the invitation's email in the transaction that records the invitation, so it is sent
 * exactly when the invitation exists; the link is minted when the email worker sends it.
 */
export function requestInvitationEmail(
  trx: Transaction<Database>,
  caller: Pick<RequestContext, "principal" | "requestId">,
  invitation: { id: string; organization_id: string },
): Promise<void> {
  return requestEmail(
    trx,
    {
      sender: "org",
      template: INVITATION_TEMPLATE,
      about: { type: "invitation", id: invitation.id },
      organizationId: invitation.organization_id,
    },
    requestEventMetadata(caller),
  );
}

/**
 * Writes an invitation email at delivery: a fresh secret replaces the stored hash (so only the
 * emailed link works), unless the invitation was answered, revoked or expired meanwhile.
 */
export function invitationEmailComposer(acceptUrl: string): EmailComposer {
  return async (trx, about) => {
    const invitation = await trx
      .selectFrom("organization_invitations as i")
      .innerJoin("organizations as o", "o.id", "i.organization_id")
      .leftJoin("users as inviter", "inviter.id", "i.invited_by")
      .select(INVITATION_COLUMNS.map((column) => `i.${column}` as const))
      .select([
        "o.name as organization_name",
        "inviter.display_name as inviter_display_name",
        "inviter.email as inviter_email",
      ])
      .where("i.id", "=", about.id)
      .forUpdate("i")
      .executeTakeFirst();
    if (!invitation || invitationStatus(invitation) !== "pending") return null;
    const { token, tokenHash } = createInvitationToken();
    await trx
      .updateTable("organization_invitations")
      .set({ token_hash: tokenHash })
      .where("id", "=", invitation.id)
      .execute();
    const link = invitationLink(acceptUrl, token);
    const inviter = invitation.inviter_display_name ?? invitation.inviter_email ?? "Someone";
    return {
      to: invitation.email,
      subject: `You are invited to join ${invitation.organization_name}`,
      text:
        `${inviter} invited you to join ${invitation.organization_name} as ${invitation.role}. ` +
        `Accept or decline at ${link} (valid until ${invitation.expires_at.toISOString()}).`,
      link,
      template: INVITATION_TEMPLATE,
    };
  };
}
