import {
  createOrganizationInputSchema,
  listMyOrganizationsInputSchema,
  myOrganizationSchema,
  organizationSchema,
  updateOrganizationInputSchema,
  type OrganizationRole,
} from "@cauldron/contracts";
import { publishEvent } from "@cauldron/events";
import {
  permittedProcedure,
  principalUserId,
  protectedProcedure,
  recordAudit,
  requestActorUserId,
  requestEventMetadata,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { requireWritableOrganization } from "../access/organization-state";
import { createOrganization } from "./create-organization";
import { ORGANIZATION_COLUMNS, isSlugTaken, loadOrganization, slugTakenError, toOrganization } from "./organization-record";
import { setArchived } from "./organization-archive";

/** create, get, listMine, update, archive, restore (transferOwnership and leave live with members). */
export const organizationProcedures = {
  create: protectedProcedure
    .meta({ scope: "organizations:create" })
    .input(createOrganizationInputSchema)
    .output(organizationSchema)
    .mutation(({ ctx, input }) => {
      const userId = principalUserId(ctx.principal);
      if (!userId) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only a user can create an organization and own it" });
      }
      return createOrganization(ctx, userId, input);
    }),

  get: permittedProcedure("organizations:read")
    .output(organizationSchema)
    .query(({ ctx }) => ctx.tenant((trx) => loadOrganization(trx, ctx.organizationId))),

  listMine: protectedProcedure
    .meta({ scope: "organizations:read" })
    .input(listMyOrganizationsInputSchema)
    .output(z.array(myOrganizationSchema))
    .query(({ ctx, input }) => {
      const userId = principalUserId(ctx.principal);
      if (!userId) return [];
      return ctx.tenant(async (trx) => {
        const rows = await trx
          .selectFrom("organizations")
          .innerJoin("organization_users", "organization_users.organization_id", "organizations.id")
          .select([...ORGANIZATION_COLUMNS, "organization_users.role"])
          .where("organization_users.user_id", "=", userId)
          .$if(!input.includeArchived, (query) => query.where("organizations.archived_at", "is", null))
          .orderBy("organizations.name")
          .orderBy("organizations.id")
          .execute();
        return rows.map((row) => ({ ...toOrganization(row), role: row.role as OrganizationRole }));
      });
    }),

  update: permittedProcedure("organizations:update")
    .input(updateOrganizationInputSchema)
    .output(organizationSchema)
    .mutation(async ({ ctx, input }) => {
      const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.logoUrl !== undefined ? { logo_url: input.logoUrl } : {}),
      };
      try {
        return await ctx.tenant(async (trx) => {
          await requireWritableOrganization(trx, ctx.organizationId);
          const row = await trx
            .updateTable("organizations")
            .set(changes)
            .where("id", "=", ctx.organizationId)
            .returning(ORGANIZATION_COLUMNS)
            .executeTakeFirstOrThrow();
          const changedFields = Object.keys(changes);
          await recordAudit(trx, ctx, {
            action: "organization.updated",
            organizationId: ctx.organizationId,
            target: { type: "organization", id: ctx.organizationId },
            metadata: { changes: input },
          });
          await publishEvent(
            trx,
            "organization.updated",
            { organizationId: ctx.organizationId, changedFields, updatedByUserId: requestActorUserId(ctx) },
            { metadata: requestEventMetadata(ctx) },
          );
          return toOrganization(row);
        });
      } catch (error) {
        if (input.slug && isSlugTaken(error)) throw slugTakenError(input.slug);
        throw error;
      }
    }),

  archive: permittedProcedure("organizations:delete")
    .output(organizationSchema)
    .mutation(({ ctx }) => ctx.tenant((trx) => setArchived(trx, ctx, true))),

  restore: permittedProcedure("organizations:delete")
    .output(organizationSchema)
    .mutation(({ ctx }) => ctx.tenant((trx) => setArchived(trx, ctx, false))),
};
