import {
  addTeamMemberInputSchema,
  listTeamMembersInputSchema,
  teamMemberInputSchema,
  teamMemberPageSchema,
  teamMemberSchema,
  updateTeamMemberRoleInputSchema,
} from "@cauldron/contracts";
import { publishEvent } from "@cauldron/events";
import {
  permittedProcedure,
  recordAudit,
  requestEventMetadata,
  router,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { membershipRole, requireWritableOrganization } from "../access/organization-state";
import { listTeamMembers, loadTeam, loadTeamMember } from "./team-queries";

/** org.teams.members.*: add, remove, updateRole, list. */
export const teamMembersRouter = router({
  add: permittedProcedure("teams:update")
    .input(addTeamMemberInputSchema)
    .output(teamMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId);
        await loadTeam(trx, organizationId, input.teamId);
        if (!(await membershipRole(trx, organizationId, input.userId))) {
          throw new TRPCError({ code: "BAD_REQUEST", message: "Only members of this organization can join its teams" });
        }
        const added = await trx
          .insertInto("team_members")
          .values({ organization_id: organizationId, team_id: input.teamId, user_id: input.userId, role: input.role })
          .onConflict((conflict) => conflict.columns(["team_id", "user_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!added) throw new TRPCError({ code: "CONFLICT", message: "That user is on this team already" });
        await recordAudit(trx, ctx, {
          action: "team.member.added",
          organizationId,
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, role: input.role },
        });
        await publishEvent(
          trx,
          "team.member.added",
          { organizationId, teamId: input.teamId, userId: input.userId, role: input.role },
          { metadata: requestEventMetadata(ctx) },
        );
        return loadTeamMember(trx, organizationId, input.teamId, input.userId);
      }),
    ),

  remove: permittedProcedure("teams:update")
    .input(teamMemberInputSchema)
    .output(z.object({ teamId: z.string(), userId: z.string() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId);
        const removed = await trx
          .deleteFrom("team_members")
          .where("organization_id", "=", organizationId)
          .where("team_id", "=", input.teamId)
          .where("user_id", "=", input.userId)
          .returning("role")
          .executeTakeFirst();
        if (!removed) throw new TRPCError({ code: "NOT_FOUND", message: "That user is not on this team" });
        await recordAudit(trx, ctx, {
          action: "team.member.removed",
          organizationId,
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, role: removed.role },
        });
        await publishEvent(
          trx,
          "team.member.removed",
          { organizationId, teamId: input.teamId, userId: input.userId },
          { metadata: requestEventMetadata(ctx) },
        );
        return { teamId: input.teamId, userId: input.userId };
      }),
    ),

  updateRole: permittedProcedure("teams:update")
    .input(updateTeamMemberRoleInputSchema)
    .output(teamMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId);
        const current = await loadTeamMember(trx, organizationId, input.teamId, input.userId);
        if (current.role === input.role) return current;
        await trx
          .updateTable("team_members")
          .set({ role: input.role })
          .where("organization_id", "=", organizationId)
          .where("team_id", "=", input.teamId)
          .where("user_id", "=", input.userId)
          .execute();
        await recordAudit(trx, ctx, {
          action: "team.member.role_changed",
          organizationId,
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, previousRole: current.role, role: input.role },
        });
        return loadTeamMember(trx, organizationId, input.teamId, input.userId);
      }),
    ),

  list: permittedProcedure("teams:read")
    .input(listTeamMembersInputSchema)
    .output(teamMemberPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listTeamMembers(trx, ctx.organizationId, input))),
});
