import {
  createOrganizationInputSchema,
  listMyOrganizationsInputSchema,
  myOrganizationPageSchema,
  organizationSchema,
  updateOrganizationInputSchema,
} from "@cauldron/contracts";
import {
  conflict,
  permittedProcedure,
  permittedWriteProcedure,
  principalUserId,
  protectedProcedure,
  requireFound,
  router,
  type OrganizationChange,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { createOrganization } from "./create-organization";
import { listMyOrganizations } from "./my-organizations";
import { setArchived } from "./organization-archive";
import { loadOrganization } from "./organization-record";
import { updateOrganization } from "./update-organization";

/** create, get, listMine, update, archive, restore (transferOwnership and leave live with members). */
export const organizationsRouter = router({
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
    .query(async ({ ctx }) =>
      requireFound(await ctx.tenant((trx) => loadOrganization(trx, ctx.organizationId)), "Organization not found"),
    ),

  listMine: protectedProcedure
    .meta({ scope: "organizations:read" })
    .input(listMyOrganizationsInputSchema)
    .output(myOrganizationPageSchema)
    .query(({ ctx, input }) => {
      const userId = principalUserId(ctx.principal);
      if (!userId) return { items: [], nextCursor: null };
      return ctx.tenant((trx) => listMyOrganizations(trx, userId, input));
    }),

  update: permittedWriteProcedure("organizations:update")
    .input(updateOrganizationInputSchema)
    .output(organizationSchema)
    .mutation(({ ctx, input }) => updateOrganization(ctx, input)),

  archive: permittedWriteProcedure("organizations:delete", { allowArchived: true })
    .output(organizationSchema)
    .mutation(({ ctx }) =>
      ctx.tenant(async (trx) => {
        const organization = await setArchived(trx, ctx.organizationId, true);
        if (!organization) throw conflict("organization_archived", "The organization is archived already");
        await ctx.record(trx, archiveChange("organization.archived", ctx));
        return organization;
      }),
    ),

  restore: permittedWriteProcedure("organizations:delete", { allowArchived: true })
    .output(organizationSchema)
    .mutation(({ ctx }) =>
      ctx.tenant(async (trx) => {
        const organization = await setArchived(trx, ctx.organizationId, false);
        if (!organization) throw new TRPCError({ code: "CONFLICT", message: "The organization is not archived" });
        await ctx.record(trx, archiveChange("organization.restored", ctx));
        return organization;
      }),
    ),
});

function archiveChange(
  action: "organization.archived" | "organization.restored",
  ctx: { organizationId: string; actorUserId: string | null },
): OrganizationChange {
  return {
    action,
    target: { type: "organization", id: ctx.organizationId },
    events: [
      {
        name: "organization.updated",
        payload: {
          organizationId: ctx.organizationId,
          changedFields: ["archived_at"],
          updatedByUserId: ctx.actorUserId,
        },
      },
    ],
  };
}
