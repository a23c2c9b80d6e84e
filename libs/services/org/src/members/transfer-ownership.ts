import { memberSchema, transferOwnershipInputSchema } from "@cauldron/contracts";
import { organizationArchivedError, requireFound } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { lockOrganization, membershipRole } from "../access/organization-state";
import { loadMember } from "./member-queries";
import { NOT_A_MEMBER } from "./member-refusals";
import { changeMemberRole } from "./membership-changes";
import { ownMembershipProcedure } from "./own-membership-procedure";

/** org.transferOwnership: an owner makes another member owner and becomes an admin. */
export const transferOwnershipProcedure = ownMembershipProcedure
  .meta({ scope: "organizations:transfer" })
  .input(transferOwnershipInputSchema)
  .output(z.object({ owner: memberSchema, previousOwner: memberSchema }))
  .mutation(({ ctx, input }) =>
    ctx.tenant(async (trx) => {
      const { organizationId, userId } = ctx;
      if (input.userId === userId) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "Transfer ownership to another member, not to yourself" });
      }
      if ((await lockOrganization(trx, organizationId)).archived) throw organizationArchivedError();
      if ((await membershipRole(trx, organizationId, userId)) !== "owner") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can transfer ownership" });
      }
      const targetRole = requireFound(await membershipRole(trx, organizationId, input.userId), NOT_A_MEMBER);
      if (targetRole !== "owner") await changeMemberRole(trx, ctx, input.userId, targetRole, "owner");
      await changeMemberRole(trx, ctx, userId, "owner", "admin");
      await ctx.record(trx, {
        action: "organization.ownership_transferred",
        target: { type: "user", id: input.userId },
        metadata: { previousOwnerUserId: userId },
      });
      return {
        owner: requireFound(await loadMember(trx, organizationId, input.userId), NOT_A_MEMBER),
        previousOwner: requireFound(await loadMember(trx, organizationId, userId), NOT_A_MEMBER),
      };
    }),
  );
