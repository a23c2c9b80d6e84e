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
  permittedWriteProcedure,
  principalUserId,
  protectedProcedure,
  requireFound,
  router,
  type RateLimit,
  type RateLimiter,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage } from "@cauldron/db";
import { sql } from "kysely";
import { z } from "zod";
import { createInvitation } from "./create-invitation";
import { INVITATION_COLUMNS, invitationStatusSql, toInvitation } from "./invitation-record";
import { assertInvitationOpen } from "./invitation-refusals";
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
  if (!userId)
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in as the invited person to answer an invitation" });
  return next({ ctx: { userId } });
});

/** org.invitations.*: create, list, revoke (inside the organization); accept, decline (by the invitee). */
export function createInvitationsRouter(policy: InvitationPolicy) {
  return router({
    create: permittedWriteProcedure("members:invite")
      .input(createInvitationInputSchema)
      .output(createdInvitationSchema)
      .mutation(async ({ ctx, input }) => {
        // Counted before anything is written, so neither a batch nor a burst sends more than the limits.
        await policy.limiter.enforce(
          [
            { limit: policy.perInviter, key: ctx.actorUserId ?? ctx.principal.kind },
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
          const before = decodeTimeCursor(input.cursor);
          const rows = await trx
            .selectFrom("organization_invitations")
            .select([...INVITATION_COLUMNS, preciseTime("created_at").as("created_key")])
            .where("organization_id", "=", ctx.organizationId)
            .$if(input.status !== undefined, (query) =>
              query.where(invitationStatusSql, "=", input.status ?? "pending"),
            )
            .where(pastTimeKey({ time: "created_at", id: "id" }, before, "before"))
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .limit(input.limit + 1)
            .execute();
          return toPage(rows, input.limit, toInvitation, (row) => ({ at: row.created_key, id: row.id }));
        }),
      ),

    revoke: permittedWriteProcedure("members:invite")
      .input(invitationIdInputSchema)
      .output(invitationSchema)
      .mutation(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const invitation = requireFound(
            await trx
              .selectFrom("organization_invitations")
              .select(INVITATION_COLUMNS)
              .where("organization_id", "=", ctx.organizationId)
              .where("id", "=", input.invitationId)
              .forUpdate()
              .executeTakeFirst(),
            "Invitation not found",
          );
          // An expired invitation can still be revoked, so its address can be invited afresh.
          if (invitation.accepted_at || invitation.declined_at || invitation.revoked_at)
            assertInvitationOpen(invitation);
          const revoked = await trx
            .updateTable("organization_invitations")
            .set({ revoked_at: sql<Date>`now()` })
            .where("id", "=", invitation.id)
            .returning(INVITATION_COLUMNS)
            .executeTakeFirstOrThrow();
          await ctx.record(trx, {
            action: "invitation.revoked",
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
