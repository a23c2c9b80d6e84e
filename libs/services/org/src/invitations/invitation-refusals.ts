import { conflict } from "@cauldron/rpc";
import { invitationClosedMessage, invitationStatus, type InvitationRow } from "./invitation-record";

/**
 * Refuses to act on an invitation that is no longer open, saying why (reason
 * `invitation_expired`, or `invitation_closed` once accepted, declined or revoked).
 */
export function assertInvitationOpen(row: InvitationRow): void {
  const message = invitationClosedMessage(row);
  if (message === null) return;
  throw conflict(invitationStatus(row) === "expired" ? "invitation_expired" : "invitation_closed", message);
}
