import {
  addTeamMemberInputSchema,
  listTeamMembersInputSchema,
  teamMemberInputSchema,
  teamMemberPageSchema,
  teamMemberSchema,
  updateTeamMemberRoleInputSchema,
} from "@cauldron/contracts";
import { conflict, permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { membershipRole } from "../access/organization-state";
import { listTeamMembers, loadTeam, loadTeamMember } from "./team-queries";
import { NOT_ON_TEAM, TEAM_NOT_FOUND } from "./team-refusals";

/** org.teams.members.*: add, remove, updateRole, list. */
export const teamMembersRouter = router({
  add: permittedWriteProcedure("teams:update")
    .input(addTeamMemberInputSchema)
    .output(teamMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        requireFound(await loadTeam(trx, organizationId, input.teamId), TEAM_NOT_FOUND);
        if (!(await membershipRole(trx, organizationId, input.userId))) {
          throw new TRPCError({ code: "BAD_REQUEST", message: "Only members of this organization can join its teams" });
        }
        const added = await trx
          .insertInto("team_members")
          .values({ organization_id: organizationId, team_id: input.teamId, user_id: input.userId, role: input.role })
          .onConflict((onConflict) => onConflict.columns(["team_id", "user_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!added) throw conflict("already_member", "That user is on this team already");
        await ctx.record(trx, {
          action: "team.member.added",
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, role: input.role },
          events: [
            {
              name: "team.member.added",
              payload: { organizationId, teamId: input.teamId, userId: input.userId, role: input.role },
            },
          ],
        });
        return requireFound(await loadTeamMember(trx, organizationId, input.teamId, input.userId), NOT_ON_TEAM);
      }),
    ),

  remove: permittedWriteProcedure("teams:update")
    .input(teamMemberInputSchema)
    .output(z.object({ teamId: z.string(), userId: z.string() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        const removed = requireFound(
          await trx
            .deleteFrom("team_members")
            .where("organization_id", "=", organizationId)
            .where("team_id", "=", input.teamId)
            .where("user_id", "=", input.userId)
            .returning("role")
            .executeTakeFirst(),
          NOT_ON_TEAM,
        );
        await ctx.record(trx, {
          action: "team.member.removed",
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, role: removed.role },
          events: [
            { name: "team.member.removed", payload: { organizationId, teamId: input.teamId, userId: input.userId } },
          ],
        });
        return { teamId: input.teamId, userId: input.userId };
      }),
    ),

  updateRole: permittedWriteProcedure("teams:update")
    .input(updateTeamMemberRoleInputSchema)
    .output(teamMemberSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        const current = requireFound(
          await loadTeamMember(trx, organizationId, input.teamId, input.userId),
          NOT_ON_TEAM,
        );
        if (current.role === input.role) return current;
        await trx
          .updateTable("team_members")
          .set({ role: input.role })
          .where("organization_id", "=", organizationId)
          .where("team_id", "=", input.teamId)
          .where("user_id", "=", input.userId)
          .execute();
        await ctx.record(trx, {
          action: "team.member.role_changed",
          target: { type: "team", id: input.teamId },
          metadata: { userId: input.userId, previousRole: current.role, role: input.role },
        });
        return requireFound(await loadTeamMember(trx, organizationId, input.teamId, input.userId), NOT_ON_TEAM);
      }),
    ),

  list: permittedProcedure("teams:read")
    .input(listTeamMembersInputSchema)
    .output(teamMemberPageSchema)
    .query(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        requireFound(await loadTeam(trx, ctx.organizationId, input.teamId), TEAM_NOT_FOUND);
        return listTeamMembers(trx, ctx.organizationId, input);
      }),
    ),
});
