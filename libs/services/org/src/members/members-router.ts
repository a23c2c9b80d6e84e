import {
  listMembersInputSchema,
  memberPageSchema,
  memberSchema,
  removeMemberInputSchema,
  transferOwnershipInputSchema,
  updateMemberRoleInputSchema,
} from "@cauldron/contracts";
import {
  organizationArchivedError,
  organizationWriteProcedure,
  permittedProcedure,
  permittedWriteProcedure,
  requireFound,
  router,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { lockOrganization, membershipRole } from "../access/organization-state";
import { listMembers, loadMember } from "./member-queries";
import { assertMayGrantRole, assertOutranksMember } from "./member-rank";
import { changeMemberRole, removeMembership } from "./membership-changes";
import { assertAnotherOwnerRemains, assertMayManageOwners } from "./ownership-rules";

const removedMemberSchema = z.object({ userId: z.string(), teamIds: z.array(z.string()) });

const NOT_A_MEMBER = "That user is not a member of this organization";

/** A change only a signed-in member (not a service) can make, about their own membership. */
const ownMembershipProcedure = organizationWriteProcedure.use(({ ctx, next }) => {
  const userId = ctx.actorUserId;
  if (!userId) throw new TRPCError({ code: "FORBIDDEN", message: "Only a member can do this for themself" });
  return next({ ctx: { userId } });
});

/** org.members.*: list, updateRole, remove. */
export const membersRouter = router({
  list: permittedProcedure("members:read")
    .input(listMembersInputSchema)
    .output(memberPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listMembers(trx, ctx.organizationId, input))),

  updateRole: permittedWriteProcedure("members:update")
    .input(updateMemberRoleInputSchema)
    .output(memberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        if ((await lockOrganization(trx, organizationId)).archived) throw organizationArchivedError();
        const previousRole = requireFound(await membershipRole(trx, organizationId, input.userId), NOT_A_MEMBER);
        if (previousRole !== input.role) {
          if (previousRole === "owner" || input.role === "owner") {
            const caller = ctx.actorUserId;
            assertMayManageOwners(caller ? await membershipRole(trx, organizationId, caller) : null, ctx.can);
          }
          if (previousRole === "owner") await assertAnotherOwnerRemains(trx, organizationId, "be demoted");
          await assertMayGrantRole(trx, ctx.can, input.role);
          await assertOutranksMember(trx, ctx.can, organizationId, input.userId);
          await changeMemberRole(trx, ctx, input.userId, previousRole, input.role);
        }
        return requireFound(await loadMember(trx, organizationId, input.userId), NOT_A_MEMBER);
      }),
    ),

  remove: permittedWriteProcedure("members:remove")
    .input(removeMemberInputSchema)
    .output(removedMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        if ((await lockOrganization(trx, organizationId)).archived) throw organizationArchivedError();
        const role = requireFound(await membershipRole(trx, organizationId, input.userId), NOT_A_MEMBER);
        if (role === "owner") {
          const caller = ctx.actorUserId;
          assertMayManageOwners(caller ? await membershipRole(trx, organizationId, caller) : null, ctx.can);
          await assertAnotherOwnerRemains(trx, organizationId, "be removed");
        }
        await assertOutranksMember(trx, ctx.can, organizationId, input.userId);
        const { teamIds } = await removeMembership(trx, ctx, input.userId, role, "member.removed");
        return { userId: input.userId, teamIds };
      }),
    ),
});

/** org.leave: the caller ends their own membership. */
export const leaveProcedure = ownMembershipProcedure
  .meta({ scope: "organizations:leave" })
  .output(removedMemberSchema)
  .mutation(({ ctx }) =>
    ctx.tenant(async (trx) => {
      if ((await lockOrganization(trx, ctx.organizationId)).archived) throw organizationArchivedError();
      const role = requireFound(await membershipRole(trx, ctx.organizationId, ctx.userId), NOT_A_MEMBER);
      if (role === "owner") await assertAnotherOwnerRemains(trx, ctx.organizationId, "leave");
      const { teamIds } = await removeMembership(trx, ctx, ctx.userId, role, "member.left");
      return { userId: ctx.userId, teamIds };
    }),
  );

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
