import {
  listMembersInputSchema,
  memberPageSchema,
  memberSchema,
  removeMemberInputSchema,
  transferOwnershipInputSchema,
  updateMemberRoleInputSchema,
} from "@cauldron/contracts";
import {
  organizationProcedure,
  permittedProcedure,
  principalUserId,
  recordAudit,
  requestActorUserId,
  router,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { membershipRole, requireWritableOrganization } from "../access/organization-state";
import { listMembers, loadMember, notAMember } from "./member-queries";
import { assertMayGrantRole, assertOutranksMember } from "./member-rank";
import { changeMemberRole, removeMembership } from "./membership-changes";
import { assertAnotherOwnerRemains, assertMayManageOwners } from "./ownership-rules";

const removedMemberSchema = z.object({ userId: z.string(), teamIds: z.array(z.string()) });

/** A procedure only a signed-in member (not a service) can call, about their own membership. */
const ownMembershipProcedure = organizationProcedure.use(({ ctx, next }) => {
  const userId = principalUserId(ctx.principal);
  if (!userId) throw new TRPCError({ code: "FORBIDDEN", message: "Only a member can do this for themself" });
  return next({ ctx: { userId } });
});

/** org.members.*: list, updateRole, remove. */
export const membersRouter = router({
  list: permittedProcedure("members:read")
    .input(listMembersInputSchema)
    .output(memberPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listMembers(trx, ctx.organizationId, input))),

  updateRole: permittedProcedure("members:update")
    .input(updateMemberRoleInputSchema)
    .output(memberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId, { lock: true });
        const previousRole = await membershipRole(trx, organizationId, input.userId);
        if (!previousRole) throw notAMember();
        if (previousRole !== input.role) {
          if (previousRole === "owner" || input.role === "owner") {
            const caller = requestActorUserId(ctx);
            assertMayManageOwners(caller ? await membershipRole(trx, organizationId, caller) : null, ctx.can);
          }
          if (previousRole === "owner") await assertAnotherOwnerRemains(trx, organizationId, "be demoted");
          await assertMayGrantRole(trx, ctx.can, input.role);
          await assertOutranksMember(trx, ctx.can, organizationId, input.userId);
          await changeMemberRole(trx, ctx, input.userId, previousRole, input.role);
        }
        return loadMember(trx, organizationId, input.userId);
      }),
    ),

  remove: permittedProcedure("members:remove")
    .input(removeMemberInputSchema)
    .output(removedMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId, { lock: true });
        const role = await membershipRole(trx, organizationId, input.userId);
        if (!role) throw notAMember();
        if (role === "owner") {
          const caller = requestActorUserId(ctx);
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
      await requireWritableOrganization(trx, ctx.organizationId, { lock: true });
      const role = await membershipRole(trx, ctx.organizationId, ctx.userId);
      if (!role) throw notAMember();
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
      await requireWritableOrganization(trx, organizationId, { lock: true });
      if ((await membershipRole(trx, organizationId, userId)) !== "owner") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can transfer ownership" });
      }
      const targetRole = await membershipRole(trx, organizationId, input.userId);
      if (!targetRole) throw notAMember();
      if (targetRole !== "owner") await changeMemberRole(trx, ctx, input.userId, targetRole, "owner");
      await changeMemberRole(trx, ctx, userId, "owner", "admin");
      await recordAudit(trx, ctx, {
        action: "organization.ownership_transferred",
        organizationId,
        target: { type: "user", id: input.userId },
        metadata: { previousOwnerUserId: userId },
      });
      return {
        owner: await loadMember(trx, organizationId, input.userId),
        previousOwner: await loadMember(trx, organizationId, userId),
      };
    }),
  );
