import {
  createTeamInputSchema,
  listTeamsInputSchema,
  teamIdInputSchema,
  teamPageSchema,
  teamSchema,
  updateTeamInputSchema,
} from "@cauldron/contracts";
import { publishEvent } from "@cauldron/events";
import {
  permittedProcedure,
  recordAudit,
  requestActorUserId,
  requestEventMetadata,
  router,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { requireWritableOrganization } from "../access/organization-state";
import { teamMembersRouter } from "./team-members-router";
import { isTeamNameTaken, listTeams, loadTeam, teamNotFound } from "./team-queries";

function teamNameTaken(name: string): TRPCError {
  return new TRPCError({ code: "CONFLICT", message: `A team named "${name}" already exists in this organization` });
}

/** org.teams.*: create, update, delete, list, get, and members.* */
export const teamsRouter = router({
  create: permittedProcedure("teams:create")
    .input(createTeamInputSchema)
    .output(teamSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.tenant(async (trx) => {
          const { organizationId } = ctx;
          await requireWritableOrganization(trx, organizationId);
          const team = await trx
            .insertInto("teams")
            .values({ organization_id: organizationId, name: input.name, description: input.description ?? null })
            .returning("id")
            .executeTakeFirstOrThrow();
          await recordAudit(trx, ctx, {
            action: "team.created",
            organizationId,
            target: { type: "team", id: team.id },
            metadata: { name: input.name },
          });
          await publishEvent(
            trx,
            "team.created",
            { organizationId, teamId: team.id, name: input.name, createdByUserId: requestActorUserId(ctx) },
            { metadata: requestEventMetadata(ctx) },
          );
          return loadTeam(trx, organizationId, team.id);
        });
      } catch (error) {
        if (isTeamNameTaken(error)) throw teamNameTaken(input.name);
        throw error;
      }
    }),

  update: permittedProcedure("teams:update")
    .input(updateTeamInputSchema)
    .output(teamSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.tenant(async (trx) => {
          const { organizationId } = ctx;
          await requireWritableOrganization(trx, organizationId);
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
          if (!updated) throw teamNotFound();
          await recordAudit(trx, ctx, {
            action: "team.updated",
            organizationId,
            target: { type: "team", id: input.teamId },
            metadata: { changes },
          });
          return loadTeam(trx, organizationId, input.teamId);
        });
      } catch (error) {
        if (input.name !== undefined && isTeamNameTaken(error)) throw teamNameTaken(input.name);
        throw error;
      }
    }),

  delete: permittedProcedure("teams:delete")
    .input(teamIdInputSchema)
    .output(z.object({ teamId: z.string(), removedMembers: z.number().int() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        await requireWritableOrganization(trx, organizationId);
        const team = await loadTeam(trx, organizationId, input.teamId);
        await trx.deleteFrom("teams").where("organization_id", "=", organizationId).where("id", "=", team.id).execute();
        await recordAudit(trx, ctx, {
          action: "team.deleted",
          organizationId,
          target: { type: "team", id: team.id },
          metadata: { name: team.name, memberCount: team.memberCount },
        });
        await publishEvent(
          trx,
          "team.deleted",
          { organizationId, teamId: team.id, deletedByUserId: requestActorUserId(ctx) },
          { metadata: requestEventMetadata(ctx) },
        );
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
    .query(({ ctx, input }) => ctx.tenant((trx) => loadTeam(trx, ctx.organizationId, input.teamId))),

  members: teamMembersRouter,
});
