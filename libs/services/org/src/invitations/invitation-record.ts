import type { Database } from "@cauldron/db";
import type { Invitation, InvitationStatus, OrganizationRole } from "@cauldron/contracts";
import { sql, type Selectable } from "kysely";

export type InvitationRow = Omit<Selectable<Database["organization_invitations"]>, "token_hash">;

/** Every invitation column but the token hash, which never leaves the service. */
export const INVITATION_COLUMNS = [
  "id",
  "organization_id",
  "email",
  "role",
  "team_ids",
  "invited_by",
  "expires_at",
  "accepted_at",
  "accepted_by",
  "revoked_at",
  "declined_at",
  "created_at",
] as const;

/** Where an invitation stands; an open one past its expiry is expired. */
export function invitationStatus(row: InvitationRow, now = new Date()): InvitationStatus {
  if (row.accepted_at) return "accepted";
  if (row.revoked_at) return "revoked";
  if (row.declined_at) return "declined";
  return row.expires_at <= now ? "expired" : "pending";
}

/** The same status computed in SQL, for filtering lists. */
export const invitationStatusSql = sql<InvitationStatus>`case
  when accepted_at is not null then 'accepted'
  when revoked_at is not null then 'revoked'
  when declined_at is not null then 'declined'
  when expires_at <= now() then 'expired'
  else 'pending' end`;

/** Shapes a row for clients. */
export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as OrganizationRole,
    teamIds: row.team_ids,
    status: invitationStatus(row),
    invitedByUserId: row.invited_by,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    acceptedAt: row.accepted_at,
    acceptedByUserId: row.accepted_by,
  };
}

/** Why an invitation no longer takes an answer, in words for its invitee; null while it is pending. */
export function invitationClosedMessage(row: InvitationRow): string | null {
  const status = invitationStatus(row);
  const messages: Record<Exclude<InvitationStatus, "pending">, string> = {
    accepted: "This invitation has already been accepted",
    revoked: "This invitation was revoked; ask for a new one",
    declined: "This invitation was declined; ask for a new one",
    expired: `This invitation expired at ${row.expires_at.toISOString()}; ask for a new one`,
  };
  return status === "pending" ? null : messages[status];
}
