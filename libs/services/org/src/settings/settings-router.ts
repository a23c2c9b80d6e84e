import {
  effectiveSettingSchema,
  effectiveSettingsInputSchema,
  organizationSettingSchema,
  setOrganizationSettingInputSchema,
  settingKeyInputSchema,
  type OrganizationSettingKey,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { z } from "zod";
import { organizationSettings, resolveEffectiveSettings } from "./settings-queries";

/** org.settings.*: get (the organization's own values), set, reset, effective (system → organization). */
export const settingsRouter = router({
  get: permittedProcedure("settings:read")
    .output(z.array(organizationSettingSchema))
    .query(({ ctx }) => ctx.tenant((trx) => organizationSettings(trx, ctx.organizationId))),

  effective: permittedProcedure("settings:read")
    .input(effectiveSettingsInputSchema)
    .output(z.array(effectiveSettingSchema))
    .query(({ ctx, input }) => ctx.tenant((trx) => resolveEffectiveSettings(trx, ctx.organizationId, input.keys))),

  set: permittedWriteProcedure("settings:write")
    .input(setOrganizationSettingInputSchema)
    .output(organizationSettingSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        const [previous] = await resolveEffectiveSettings(trx, organizationId, [input.key]);
        const value = JSON.stringify(input.value);
        const row = await trx
          .insertInto("organization_settings")
          .values({ organization_id: organizationId, key: input.key, value, updated_by: ctx.actorUserId })
          .onConflict((conflict) =>
            conflict.columns(["organization_id", "key"]).doUpdateSet({ value, updated_by: ctx.actorUserId }),
          )
          .returning(["key", "value", "updated_by", "updated_at"])
          .executeTakeFirstOrThrow();
        await ctx.record(trx, {
          action: "settings.updated",
          target: { type: "setting", id: input.key },
          metadata: { previous: previous ?? null, value: input.value },
        });
        return {
          key: row.key as OrganizationSettingKey,
          value: row.value,
          updatedByUserId: row.updated_by,
          updatedAt: row.updated_at,
        };
      }),
    ),

  reset: permittedWriteProcedure("settings:write")
    .input(settingKeyInputSchema)
    .output(effectiveSettingSchema)
    .mutation(({ ctx, input }) =>
      ctx.tenant(async (trx) => {
        const { organizationId } = ctx;
        const removed = await trx
          .deleteFrom("organization_settings")
          .where("organization_id", "=", organizationId)
          .where("key", "=", input.key)
          .returning("value")
          .executeTakeFirst();
        if (removed) {
          await ctx.record(trx, {
            action: "settings.reset",
            target: { type: "setting", id: input.key },
            metadata: { previous: removed.value },
          });
        }
        const [effective] = await resolveEffectiveSettings(trx, organizationId, [input.key]);
        return effective ?? { key: input.key, value: null, source: "system" as const };
      }),
    ),
});
