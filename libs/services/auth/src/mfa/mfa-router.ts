import {
  mfaEnrollmentSchema,
  mfaVerifyInputSchema,
  mfaVerifyResultSchema,
  recoveryCodesSchema,
} from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { recordChange, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { sessionProcedure, steppedUpProcedure } from "../security/procedures";
import { beginEnrolment, lockSecondFactor, recordFactorChange, replaceRecoveryCodes } from "./second-factor";
import { verifySecondFactor } from "./verify-second-factor";

/** TOTP enrolment, step-up to aal2, unenrolment and recovery codes. */
export function createMfaRouter(runtime: AuthRuntime) {
  return router({
    enroll: sessionProcedure.output(mfaEnrollmentSchema).mutation(({ ctx }) =>
      withSystem(ctx.db, async (trx) => {
        const enrolment = await beginEnrolment(trx, runtime, ctx.user.userId);
        await recordChange(trx, ctx, {
          action: "mfa.enrolment_started",
          organizationId: null,
          target: { type: "user", id: ctx.user.userId },
        });
        return enrolment;
      }),
    ),

    /** Verifies a code (or a recovery code), completing enrolment if pending, and raises the session to aal2. */
    verify: sessionProcedure
      .input(mfaVerifyInputSchema)
      .output(mfaVerifyResultSchema)
      .mutation(({ ctx, input }) => verifySecondFactor(ctx, runtime, ctx.user, input)),

    /** Removes the second factor; needs an aal2 session (a code or a recovery code verified in it). */
    unenroll: steppedUpProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
      const userId = ctx.user.userId;
      await withSystem(ctx.db, async (trx) => {
        const factor = await lockSecondFactor(trx, userId);
        if (!factor.sealedSecret) {
          throw new TRPCError({ code: "BAD_REQUEST", message: "No second factor is enrolled" });
        }
        await trx
          .updateTable("users")
          .set({ mfa_totp_secret: null, mfa_enabled_at: null, mfa_totp_last_step: null, mfa_recovery_code_hashes: [] })
          .where("id", "=", userId)
          .execute();
        await recordFactorChange(trx, ctx, userId, "unenrolled");
      });
      return { ok: true as const };
    }),

    recoveryCodes: router({
      /** New recovery codes replace the old ones; needs an aal2 session. */
      regenerate: steppedUpProcedure.output(recoveryCodesSchema).mutation(({ ctx }) =>
        withSystem(ctx.db, async (trx) => {
          const factor = await lockSecondFactor(trx, ctx.user.userId);
          if (!factor.enabledAt) {
            throw new TRPCError({ code: "BAD_REQUEST", message: "Enroll a second factor first with auth.mfa.enroll" });
          }
          const recoveryCodes = await replaceRecoveryCodes(trx, ctx.user.userId);
          await recordFactorChange(trx, ctx, ctx.user.userId, "recovery_codes_regenerated");
          return { recoveryCodes };
        }),
      ),
    }),
  });
}
