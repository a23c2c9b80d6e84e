import { organizationArchivedError, requireFound } from "@cauldron/rpc";
import { lockOrganization, membershipRole } from "../access/organization-state";
import { NOT_A_MEMBER } from "./member-refusals";
import { removeMembership } from "./membership-changes";
import { ownMembershipProcedure } from "./own-membership-procedure";
import { assertAnotherOwnerRemains } from "./ownership-rules";
import { removedMemberSchema } from "./removed-member";

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
