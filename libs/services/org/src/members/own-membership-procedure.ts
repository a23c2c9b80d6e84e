import { organizationWriteProcedure } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** A change only a signed-in member (not a service) can make, about their own membership. */
export const ownMembershipProcedure = organizationWriteProcedure.use(({ ctx, next }) => {
  const userId = ctx.actorUserId;
  if (!userId) throw new TRPCError({ code: "FORBIDDEN", message: "Only a member can do this for themself" });
  return next({ ctx: { userId } });
});
