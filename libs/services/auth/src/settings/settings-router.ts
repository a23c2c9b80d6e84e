import {
  effectiveUserSettingSchema,
  effectiveUserSettingsInputSchema,
  setUserSettingInputSchema,
  userSettingSchema,
} from "@cauldron/contracts";
import { recordChange, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { organizationGrants, readAccess } from "../rbac/access-queries";
import { accountProcedure, sessionProcedure } from "../security/procedures";
import { resolveEffectiveSettings } from "./effective-settings";

/** The user's own settings (typed known keys only) and the settings in force for them. */
export function createSettingsRouter() {
  return router({
    get: accountProcedure
      .meta({ scope: "account:read" })
      .output(z.array(userSettingSchema))
      .query(async ({ ctx }) => {
        const rows = await ctx.tenant((trx) =>
          trx
            .selectFrom("user_settings")
            .select(["key", "value", "updated_at"])
            .where("user_id", "=", ctx.userId)
            .orderBy("key")
            .execute(),
        );
        return rows.map((row) => ({ key: row.key, value: row.value, updatedAt: row.updated_at }));
      }),

    /** Sets one of the user's settings; `value: null` removes the override. */
    set: sessionProcedure
      .input(setUserSettingInputSchema)
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        const userId = ctx.user.userId;
        await ctx.tenant(async (trx) => {
          if (input.value === null) {
            await trx.deleteFrom("user_settings").where("user_id", "=", userId).where("key", "=", input.key).execute();
          } else {
            const value = JSON.stringify(input.value);
            await trx
              .insertInto("user_settings")
              .values({ user_id: userId, key: input.key, value })
              .onConflict((conflict) => conflict.columns(["user_id", "key"]).doUpdateSet({ value }))
              .execute();
          }
          await recordChange(trx, ctx, {
            action: "settings.user_changed",
            organizationId: null,
            target: { type: "user", id: userId },
            metadata: { key: input.key, value: input.value },
          });
        });
        return { ok: true as const };
      }),

    /** Every setting as it applies to the user: system, then the organization's, then their own. */
    effective: accountProcedure
      .meta({ scope: "account:read" })
      .input(effectiveUserSettingsInputSchema)
      .output(z.array(effectiveUserSettingSchema))
      .query(({ ctx, input }) =>
        readAccess(ctx.db, async (trx) => {
          const organizationId = input.organizationId ?? null;
          if (organizationId && !(await organizationGrants(trx, ctx.userId, organizationId)).isMember) {
            throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization" });
          }
          const settings = await resolveEffectiveSettings(trx, ctx.userId, organizationId);
          return settings.map((setting) => ({
            ...setting,
            value: setting.value as z.infer<typeof effectiveUserSettingSchema>["value"],
          }));
        }),
      ),
  });
}
