import {
  createTeamInputSchema,
  listTeamsInputSchema,
  teamIdInputSchema,
  teamPageSchema,
  teamSchema,
  updateTeamInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { z } from "zod";
import { teamMembersRouter } from "./team-members-router";
import { isTeamNameTaken, listTeams, loadTeam } from "./team-queries";
import { TEAM_NOT_FOUND, teamNameTaken } from "./team-refusals";

/** org.teams.*: create, update, delete, list, get, and members.* */
export const teamsRouter = router({
  create: permittedWriteProcedure("teams:create")
    .input(createTeamInputSchema)
    .output(teamSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.tenant(async (trx) => {
          const { organizationId } = ctx;
          const team = await trx
            .insertInto("teams")
            .values({ organization_id: organizationId, name: input.name, description: input.description ?? null })
            .returning("id")
            .executeTakeFirstOrThrow();
          await ctx.record(trx, {
            action: "team.created",
            target: { type: "team", id: team.id },
            metadata: { name: input.name },
            events: [
              {
                name: "team.created",
                payload: { organizationId, teamId: team.id, name: input.name, createdByUserId: ctx.actorUserId },
              },
            ],
          });
          return requireFound(await loadTeam(trx, organizationId, team.id), TEAM_NOT_FOUND);
        });
      } catch (error) {
        if (isTeamNameTaken(error)) throw teamNameTaken(input.name);
        throw error;
      }
    }),

  update: permittedWriteProcedure("teams:update")
    .input(updateTeamInputSchema)
    .output(teamSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.tenant(async (trx) => {
          const { organizationId } = ctx;
          const changes = {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
          };
          const updated = await trx
            .updateTable("teams")
            .set(changes)
            .where("organization_id", "=", organizationId)
            .where("id", "=", input.teamId)
            .returning("id")
            .executeTakeFirst();
          requireFound(updated, TEAM_NOT_FOUND);
          await ctx.record(trx, {
            action: "team.updated",
            target: { type: "team", id: input.teamId },
            metadata: { changes },
            events: [
              {
                name: "team.updated",
                payload: {
                  organizationId,
                  teamId: input.teamId,
                  changedFields: Object.keys(changes),
                  updatedByUserId: ctx.actorUserId,
                },
              },
            ],
          });
          return requireFound(await loadTeam(trx, organizationId, input.teamId), TEAM_NOT_FOUND);
        });
      } catch (error) {
        if (input.name !== undefined && isTeamNameTaken(error)) throw teamNameTaken(input.name);
        throw error;
      }
    }),

  delete: permittedWriteProcedure("teams:delete")
    .input(teamIdInputSchema)
    .output(z.object({ teamId: z.string(), removedMembers: z.number().int() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        const team = requireFound(await loadTeam(trx, organizationId, input.teamId), TEAM_NOT_FOUND);
        await trx.deleteFrom("teams").where("organization_id", "=", organizationId).where("id", "=", team.id).execute();
        await ctx.record(trx, {
          action: "team.deleted",
          target: { type: "team", id: team.id },
          metadata: { name: team.name, memberCount: team.memberCount },
          events: [
            { name: "team.deleted", payload: { organizationId, teamId: team.id, deletedByUserId: ctx.actorUserId } },
          ],
        });
        return { teamId: team.id, removedMembers: team.memberCount };
      }),
    ),

  list: permittedProcedure("teams:read")
    .input(listTeamsInputSchema)
    .output(teamPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listTeams(trx, ctx.organizationId, input))),

  get: permittedProcedure("teams:read")
    .input(teamIdInputSchema)
    .output(teamSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => loadTeam(trx, ctx.organizationId, input.teamId)), TEAM_NOT_FOUND),
    ),

  members: teamMembersRouter,
});
