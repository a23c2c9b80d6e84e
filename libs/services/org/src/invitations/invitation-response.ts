import { withSystem, withTenant, type Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import { conflict, forbidden, organizationArchivedError, recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { isOrganizationArchived, membershipRole } from "../access/organization-state";
import { INVITATION_COLUMNS, type InvitationRow } from "./invitation-record";
import { assertInvitationOpen } from "./invitation-refusals";
import { hashInvitationToken } from "./invitation-token";

type Caller = Pick<RequestContext, "db" | "principal" | "requestId" | "ip" | "userAgent">;

/**
 * Opens the invitation behind a token for its invitee. The invitee is no member yet, so RLS hides
 * the invitation: the system role reads one thing only, which organization the token belongs to;
 * everything else runs as the invitee confined to that organization, with the invitation locked.
 */
async function withInvitation<T>(
  caller: Caller,
  userId: string,
  token: string,
  options: { requireConfirmedEmail: boolean },
  work: (trx: Transaction<Database>, invitation: InvitationRow) => Promise<T>,
): Promise<T> {
  const tokenHash = hashInvitationToken(token);
  const located = await withSystem(caller.db, (trx) =>
    trx
      .selectFrom("organization_invitations")
      .select("organization_id")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst(),
  );
  if (!located) {
    throw new TRPCError({
      code: "NOT_FOUND",
      message: "No invitation matches this link; check that it was copied whole",
    });
  }
  return withTenant(caller.db, { userId, organizationId: located.organization_id }, async (trx) => {
    const invitation = await trx
      .selectFrom("organization_invitations")
      .select(INVITATION_COLUMNS)
      .where("token_hash", "=", tokenHash)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const user = await trx
      .selectFrom("users")
      .select(["email", "email_verified_at"])
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "This invitation was sent to another email address; sign in with that address to answer it",
      });
    }
    // Anyone can sign up with an address they do not own; joining needs proof that they do.
    if (options.requireConfirmedEmail && user.email_verified_at === null) {
      throw forbidden(
        "email_unverified",
        "Confirm your email address before accepting invitations; the auth service's email.requestConfirmation sends a new link",
      );
    }
    assertInvitationOpen(invitation);
    return work(trx, invitation);
  });
}

/**
 * Accepts an invitation: the invitee, once their address is confirmed, joins with the invited role
 * and the invited teams that still exist.
 */
export async function acceptInvitation(
  caller: Caller,
  userId: string,
  token: string,
): Promise<{ organizationId: string; role: OrganizationRole; teamIds: string[] }> {
  return withInvitation(caller, userId, token, { requireConfirmedEmail: true }, async (trx, invitation) => {
    const organizationId = invitation.organization_id;
    const role = invitation.role as OrganizationRole;
    // The invitee is no member yet, so no write procedure checked the organization for them.
    if (await isOrganizationArchived(trx, organizationId)) throw organizationArchivedError();
    if (await membershipRole(trx, organizationId, userId)) {
      throw conflict("already_member", "You are already a member of this organization");
    }
    await trx
      .insertInto("organization_users")
      .values({ organization_id: organizationId, user_id: userId, role, invited_by: invitation.invited_by })
      .execute();
    const teamIds = await joinInvitedTeams(trx, organizationId, userId, invitation.team_ids);
    await trx
      .updateTable("organization_invitations")
      .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
      .where("id", "=", invitation.id)
      .execute();

    await recordChange(trx, caller, {
      action: "invitation.accepted",
      organizationId,
      target: { type: "invitation", id: invitation.id },
      metadata: { email: invitation.email, role, teamIds },
      events: [
        {
          name: "member.added",
          payload: { organizationId, userId, role, addedByUserId: invitation.invited_by },
          aggregate: { type: "member", id: userId },
        },
        ...teamIds.map((teamId) => ({
          name: "team.member.added" as const,
          payload: { organizationId, teamId, userId, role: "member" as const },
        })),
      ],
    });
    return { organizationId, role, teamIds };
  });
}

// Teams deleted since the invitation was sent are skipped.
async function joinInvitedTeams(
  trx: Transaction<Database>,
  organizationId: string,
  userId: string,
  invitedTeamIds: string[],
): Promise<string[]> {
  if (invitedTeamIds.length === 0) return [];
  const teams = await trx
    .selectFrom("teams")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", invitedTeamIds)
    .execute();
  if (teams.length === 0) return [];
  await trx
    .insertInto("team_members")
    .values(
      teams.map((team) => ({ organization_id: organizationId, team_id: team.id, user_id: userId, role: "member" })),
    )
    .execute();
  return teams.map((team) => team.id);
}

/** Declines an invitation; its link stops working. */
export async function declineInvitation(
  caller: Caller,
  userId: string,
  token: string,
): Promise<{ organizationId: string }> {
  return withInvitation(caller, userId, token, { requireConfirmedEmail: false }, async (trx, invitation) => {
    await trx
      .updateTable("organization_invitations")
      .set({ declined_at: sql<Date>`now()` })
      .where("id", "=", invitation.id)
      .execute();
    await recordChange(trx, caller, {
      action: "invitation.declined",
      organizationId: invitation.organization_id,
      target: { type: "invitation", id: invitation.id },
      metadata: { email: invitation.email },
    });
    return { organizationId: invitation.organization_id };
  });
}
