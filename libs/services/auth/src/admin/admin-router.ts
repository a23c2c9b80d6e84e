import {
  adminUserPageSchema,
  disableUserInputSchema,
  listUsersInputSchema,
  setSystemSettingInputSchema,
  signingKeySchema,
  systemSettingSchema,
  userIdInputSchema,
} from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { recordChange, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { userAggregate } from "../security/security-events";
import { platformAdminProcedure } from "../security/procedures";
import { endSessions } from "../sessions/end-sessions";
import { listUsers } from "./user-directory";

/** Platform administration: users, their sessions, system settings and signing keys (users:admin, aal2 when enrolled). */
export function createAdminRouter(runtime: AuthRuntime) {
  return router({
    users: router({
      list: platformAdminProcedure
        .input(listUsersInputSchema)
        .output(adminUserPageSchema)
        .query(({ ctx, input }) => withSystem(ctx.db, (trx) => listUsers(trx, input))),

      /** Disables an account: its sessions and API tokens stop working at once, on every service. */
      disable: platformAdminProcedure
        .input(disableUserInputSchema)
        .output(z.object({ ok: z.literal(true), revokedSessions: z.number().int() }))
        .mutation(async ({ ctx, input }) => {
          if (input.userId === ctx.user.userId) {
            throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot disable your own account" });
          }
          const ended = await withSystem(ctx.db, async (trx) => {
            const user = await trx
              .updateTable("users")
              .set({ disabled_at: new Date() })
              .where("id", "=", input.userId)
              .where("disabled_at", "is", null)
              .returning("id")
              .executeTakeFirst();
            if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No enabled user has this id" });
            await recordChange(trx, ctx, {
              action: "user.disabled",
              organizationId: null,
              target: { type: "user", id: user.id },
              metadata: { reason: input.reason ?? null },
              events: [
                {
                  name: "user.disabled",
                  payload: { userId: user.id, reason: input.reason ?? null, disabledByUserId: ctx.user.userId },
                  aggregate: userAggregate(user.id),
                },
              ],
            });
            return endSessions(trx, ctx, user.id, { allExcept: null }, "user_disabled");
          });
          await runtime.revocations.markUserDisabled(input.userId);
          await runtime.revocations.markSessionsRevoked(ended);
          return { ok: true as const, revokedSessions: ended.length };
        }),

      enable: platformAdminProcedure
        .input(userIdInputSchema)
        .output(z.object({ ok: z.literal(true) }))
        .mutation(async ({ ctx, input }) => {
          await withSystem(ctx.db, async (trx) => {
            const user = await trx
              .updateTable("users")
              .set({ disabled_at: null })
              .where("id", "=", input.userId)
              .where("disabled_at", "is not", null)
              .returning("id")
              .executeTakeFirst();
            if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No disabled user has this id" });
            await recordChange(trx, ctx, {
              action: "user.enabled",
              organizationId: null,
              target: { type: "user", id: user.id },
              events: [
                {
                  name: "user.enabled",
                  payload: { userId: user.id, enabledByUserId: ctx.user.userId },
                  aggregate: userAggregate(user.id),
                },
              ],
            });
          });
          await runtime.revocations.markUserEnabled(input.userId);
          return { ok: true as const };
        }),
    }),

    sessions: router({
      revokeAll: platformAdminProcedure
        .input(userIdInputSchema)
        .output(z.object({ revoked: z.number().int() }))
        .mutation(async ({ ctx, input }) => {
          const ended = await withSystem(ctx.db, (trx) =>
            endSessions(trx, ctx, input.userId, { allExcept: null }, "admin"),
          );
          await runtime.revocations.markSessionsRevoked(ended);
          return { revoked: ended.length };
        }),
    }),

    systemSettings: router({
      get: platformAdminProcedure.output(z.array(systemSettingSchema)).query(async ({ ctx }) => {
        const rows = await withSystem(ctx.db, (trx) =>
          trx
            .selectFrom("admin.system_settings")
            .select(["key", "value", "description", "updated_at"])
            .orderBy("key")
            .execute(),
        );
        return rows.map((row) => ({
          key: row.key,
          value: row.value,
          description: row.description,
          updatedAt: row.updated_at,
        }));
      }),

      set: platformAdminProcedure
        .input(setSystemSettingInputSchema)
        .output(z.object({ ok: z.literal(true) }))
        .mutation(async ({ ctx, input }) => {
          const value = JSON.stringify(input.value);
          await withSystem(ctx.db, async (trx) => {
            await trx
              .insertInto("admin.system_settings")
              .values({ key: input.key, value, updated_by: ctx.user.userId })
              .onConflict((conflict) => conflict.column("key").doUpdateSet({ value, updated_by: ctx.user.userId }))
              .execute();
            await recordChange(trx, ctx, {
              action: "settings.system_changed",
              organizationId: null,
              target: { type: "system_setting", id: input.key },
              metadata: { key: input.key, value: input.value },
            });
          });
          return { ok: true as const };
        }),
    }),

    signingKeys: router({
      list: platformAdminProcedure.output(z.array(signingKeySchema)).query(async () => {
        const keys = await runtime.keys.keys();
        return keys.map((key) => ({
          kid: key.kid,
          algorithm: key.algorithm,
          createdAt: key.createdAt,
          activatesAt: key.activatesAt,
          retiredAt: key.retiredAt,
        }));
      }),

      /**
       * Publishes a new key at once and signs with it after SIGNING_KEY_ACTIVATION_DELAY_SECONDS;
       * tokens signed with the old key stay valid until they expire.
       */
      rotate: platformAdminProcedure
        .output(z.object({ kid: z.string(), previousKid: z.string().nullable(), activatesAt: z.date() }))
        .mutation(async ({ ctx }) => {
          const rotated = await runtime.keys.rotate();
          if (!rotated) {
            throw new TRPCError({
              code: "BAD_REQUEST",
              message:
                "Signing keys come from AUTH_SIGNING_KEYS; rotate them by deploying a new key first in that list",
            });
          }
          await withSystem(ctx.db, (trx) =>
            recordChange(trx, ctx, {
              action: "signing_key.rotated",
              organizationId: null,
              target: { type: "signing_key", id: rotated.kid },
              metadata: { previousKid: rotated.previousKid, activatesAt: rotated.activatesAt },
            }),
          );
          return rotated;
        }),
    }),
  });
}
