import {
  acceptedInvitationSchema,
  createdInvitationSchema,
  createInvitationInputSchema,
  invitationIdInputSchema,
  invitationPageSchema,
  invitationSchema,
  invitationTokenInputSchema,
  listInvitationsInputSchema,
} from "@cauldron/contracts";
import {
  permittedProcedure,
  principalUserId,
  protectedProcedure,
  recordAudit,
  requestActorUserId,
  router,
  type RateLimit,
  type RateLimiter,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { z } from "zod";
import { decodeCursor, preciseTime, timeKeySchema, toPage } from "../pagination/keyset-cursor";
import { createInvitation } from "./create-invitation";
import { assertInvitationOpen, INVITATION_COLUMNS, invitationStatusSql, toInvitation } from "./invitation-record";
import { acceptInvitation, declineInvitation } from "./invitation-response";

/** How invitations are issued: how long they live and how many may be sent. */
export interface InvitationPolicy {
  ttlHours: number;
  limiter: RateLimiter;
  perInviter: RateLimit;
  perOrganization: RateLimit;
}

/** A procedure answered by the signed-in invitee themself; tokens need the invitations:respond scope. */
const inviteeProcedure = protectedProcedure.meta({ scope: "invitations:respond" }).use(({ ctx, next }) => {
  const userId = principalUserId(ctx.principal);
  if (!userId) throw new TRPCError({ code: "FORBIDDEN", message: "Sign in as the invited person to answer an invitation" });
  return next({ ctx: { userId } });
});

/** org.invitations.*: create, list, revoke (inside the organization); accept, decline (by the invitee). */
export function createInvitationsRouter(policy: InvitationPolicy) {
  return router({
    create: permittedProcedure("members:invite")
      .input(createInvitationInputSchema)
      .output(createdInvitationSchema)
      .mutation(async ({ ctx, input }) => {
        // Counted before anything is written, so neither a batch nor a burst sends more than the limits.
        await policy.limiter.enforce(
          [
            { limit: policy.perInviter, key: requestActorUserId(ctx) ?? ctx.principal.kind },
            { limit: policy.perOrganization, key: ctx.organizationId },
          ],
          "Too many invitations sent from here",
        );
        const invitation = await ctx.tenant((trx) => createInvitation(trx, ctx, input, policy.ttlHours));
        return { invitation: toInvitation(invitation), emailQueued: true as const };
      }),

    list: permittedProcedure("members:read")
      .input(listInvitationsInputSchema)
      .output(invitationPageSchema)
      .query(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const after = decodeCursor(input.cursor, timeKeySchema);
          const rows = await trx
            .selectFrom("organization_invitations")
            .select([...INVITATION_COLUMNS, preciseTime("created_at").as("created_key")])
            .where("organization_id", "=", ctx.organizationId)
            .$if(input.status !== undefined, (query) => query.where(invitationStatusSql, "=", input.status ?? "pending"))
            .$if(after !== null, (query) =>
              query.where(sql<boolean>`(created_at, id) < (${after?.at}::timestamptz, ${after?.id}::uuid)`),
            )
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .limit(input.limit + 1)
            .execute();
          return toPage(rows, input.limit, toInvitation, (row) => ({ at: row.created_key, id: row.id }));
        }),
      ),

    revoke: permittedProcedure("members:invite")
      .input(invitationIdInputSchema)
      .output(invitationSchema)
      .mutation(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const invitation = await trx
            .selectFrom("organization_invitations")
            .select(INVITATION_COLUMNS)
            .where("organization_id", "=", ctx.organizationId)
            .where("id", "=", input.invitationId)
            .forUpdate()
            .executeTakeFirst();
          if (!invitation) throw new TRPCError({ code: "NOT_FOUND", message: "Invitation not found" });
          if (invitation.accepted_at || invitation.declined_at || invitation.revoked_at) assertInvitationOpen(invitation);
          const revoked = await trx
            .updateTable("organization_invitations")
            .set({ revoked_at: sql<Date>`now()` })
            .where("id", "=", invitation.id)
            .returning(INVITATION_COLUMNS)
            .executeTakeFirstOrThrow();
          await recordAudit(trx, ctx, {
            action: "invitation.revoked",
            organizationId: ctx.organizationId,
            target: { type: "invitation", id: invitation.id },
            metadata: { email: invitation.email },
          });
          return toInvitation(revoked);
        }),
      ),

    accept: inviteeProcedure
      .input(invitationTokenInputSchema)
      .output(acceptedInvitationSchema)
      .mutation(({ ctx, input }) => acceptInvitation(ctx, ctx.userId, input.token)),

    decline: inviteeProcedure
      .input(invitationTokenInputSchema)
      .output(z.object({ organizationId: z.string() }))
      .mutation(({ ctx, input }) => declineInvitation(ctx, ctx.userId, input.token)),
  });
}
