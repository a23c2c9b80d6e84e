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
  router,
  type RateLimit,
  type RateLimiter,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createInvitation } from "./create-invitation";
import { toInvitation } from "./invitation-record";
import { acceptInvitation, declineInvitation } from "./invitation-response";
import { listInvitations } from "./list-invitations";
import { revokeInvitation } from "./revoke-invitation";

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
      .query(({ ctx, input }) => ctx.tenant((trx) => listInvitations(trx, ctx.organizationId, input))),

    revoke: permittedWriteProcedure("members:invite")
      .input(invitationIdInputSchema)
      .output(invitationSchema)
      .mutation(({ ctx, input }) => ctx.tenant((trx) => revokeInvitation(trx, ctx, input.invitationId))),

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
