import type { Database } from "@cauldron/db";
import type { CreateInvitationInput } from "@cauldron/contracts";
import { conflict, type OrganizationWriteContext, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { membershipRole } from "../access/organization-state";
import { assertMayGrantRole } from "../members/member-rank";
import { assertMayManageOwners } from "../members/ownership-rules";
import { requestInvitationEmail } from "./invitation-email";
import { INVITATION_COLUMNS, invitationStatus, type InvitationRow } from "./invitation-record";
import { createInvitationToken } from "./invitation-token";

type Caller = Pick<RequestContext, "principal" | "requestId"> &
  OrganizationWriteContext & {
    organizationId: string;
    can(permission: string): boolean;
  };

/**
 * Records an invitation and queues its email in the same transaction; the emailed link's
 * single-use token is minted (and stored hashed) when the email is sent. An email has at most one
 * open invitation per organization: a pending one must be replaced explicitly (`resend`); an
 * expired one is replaced silently.
 */
export async function createInvitation(
  trx: Transaction<Database>,
  caller: Caller,
  input: CreateInvitationInput,
  ttlHours: number,
): Promise<InvitationRow> {
  const { organizationId } = caller;
  const inviterId = caller.actorUserId;
  if (input.role === "owner") {
    assertMayManageOwners(inviterId ? await membershipRole(trx, organizationId, inviterId) : null, caller.can);
  }
  await assertMayGrantRole(trx, caller.can, input.role);
  await assertNotAMember(trx, organizationId, input.email);
  await assertTeamsExist(trx, organizationId, input.teamIds);
  const replaced = await closeOpenInvitation(trx, organizationId, input.email, input.resend);

  // A secret nobody holds until the email worker replaces it with the emailed link's.
  const { tokenHash } = createInvitationToken();
  const invitation = await trx
    .insertInto("organization_invitations")
    .values({
      organization_id: organizationId,
      email: input.email,
      role: input.role,
      team_ids: input.teamIds,
      token_hash: tokenHash,
      invited_by: inviterId,
      expires_at: sql<Date>`now() + make_interval(hours => ${input.expiresInHours ?? ttlHours})`,
    })
    .returning(INVITATION_COLUMNS)
    .executeTakeFirstOrThrow();
  await caller.record(trx, {
    action: "invitation.created",
    target: { type: "invitation", id: invitation.id },
    metadata: { email: input.email, role: input.role, teamIds: input.teamIds, replacedInvitationId: replaced },
  });
  await requestInvitationEmail(trx, caller, invitation);
  return invitation;
}

async function assertNotAMember(trx: Transaction<Database>, organizationId: string, email: string): Promise<void> {
  const member = await trx
    .selectFrom("organization_users as ou")
    .innerJoin("users as u", "u.id", "ou.user_id")
    .select("ou.user_id")
    .where("ou.organization_id", "=", organizationId)
    .where(sql`lower(u.email)`, "=", email.toLowerCase())
    .executeTakeFirst();
  if (member) throw conflict("already_member", `${email} is already a member of this organization`);
}

async function assertTeamsExist(trx: Transaction<Database>, organizationId: string, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) return;
  const found = await trx
    .selectFrom("teams")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", teamIds)
    .execute();
  const missing = teamIds.filter((id) => !found.some((team) => team.id === id));
  if (missing.length > 0) {
    throw new TRPCError({ code: "NOT_FOUND", message: `No such team in this organization: ${missing.join(", ")}` });
  }
}

/** Revokes the email's open invitation when allowed; returns its id, if there was one. */
async function closeOpenInvitation(
  trx: Transaction<Database>,
  organizationId: string,
  email: string,
  resend: boolean,
): Promise<string | null> {
  const open = await trx
    .selectFrom("organization_invitations")
    .select(INVITATION_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where(sql`lower(email)`, "=", email.toLowerCase())
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("declined_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!open) return null;
  if (invitationStatus(open) === "pending" && !resend) {
    throw conflict(
      "invitation_pending",
      `${email} already has a pending invitation; revoke it or pass resend: true to send a new one`,
    );
  }
  await trx
    .updateTable("organization_invitations")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", open.id)
    .execute();
  return open.id;
}
