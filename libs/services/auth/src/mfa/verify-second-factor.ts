import type { mfaVerifyInputSchema, mfaVerifyResultSchema } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { userAggregate } from "../security/security-events";
import { raiseSessionAssurance } from "../sessions/session-store";
import {
  acceptRecoveryCode,
  acceptTotpCode,
  lockSecondFactor,
  lockSessionAssurance,
  recordFactorChange,
  replaceRecoveryCodes,
} from "./second-factor";

const WRONG_CODE = "The code is not correct or was already used; try the current code from your authenticator app";

/** Verifies a code (or a recovery code), completing enrolment if pending, and raises the session to aal2. */
export async function verifySecondFactor(
  ctx: RequestContext,
  runtime: AuthRuntime,
  user: { userId: string; sessionId: string },
  input: z.infer<typeof mfaVerifyInputSchema>,
): Promise<z.infer<typeof mfaVerifyResultSchema>> {
  const { userId, sessionId } = user;
  const attempts = { limit: runtime.limits.mfaPerUser, key: userId };
  // Counted before the code is checked, so a batch of guesses gets no more than the limit through.
  await runtime.limiter.enforce([attempts], "Too many second-factor attempts");
  const outcome = await withSystem(ctx.db, async (trx) => {
    const factor = await lockSecondFactor(trx, userId);
    if (!factor.sealedSecret) return { kind: "not_enrolled" as const };
    // Whatever cannot raise the session is refused before a code is spent on it.
    const assurance = await lockSessionAssurance(trx, userId, sessionId);
    if (assurance === undefined) return { kind: "foreign_session" as const };
    if (assurance === "aal2" && factor.enabledAt) return { kind: "already_raised" as const };
    const accepted =
      "code" in input
        ? await acceptTotpCode(trx, runtime, userId, factor, input.code)
        : await acceptRecoveryCode(trx, userId, factor, input.recoveryCode);
    if (!accepted) {
      await recordChange(trx, ctx, {
        action: "mfa.verification_failed",
        organizationId: null,
        target: { type: "user", id: userId },
        events: [
          {
            name: "user.sign_in_failed",
            payload: { userId, reason: "mfa_failed" },
            aggregate: userAggregate(userId),
          },
        ],
      });
      return { kind: "rejected" as const };
    }
    if (!(await raiseSessionAssurance(trx, userId, sessionId))) return { kind: "foreign_session" as const };
    let recoveryCodes: string[] | undefined;
    if (!factor.enabledAt) {
      await trx.updateTable("users").set({ mfa_enabled_at: new Date() }).where("id", "=", userId).execute();
      recoveryCodes = await replaceRecoveryCodes(trx, userId);
      await recordFactorChange(trx, ctx, userId, "enrolled");
    } else if ("recoveryCode" in input) {
      await recordFactorChange(trx, ctx, userId, "recovery_code_used");
    }
    await recordChange(trx, ctx, {
      action: "session.assurance_raised",
      organizationId: null,
      target: { type: "session", id: sessionId },
      metadata: { aal: "aal2" },
    });
    return { kind: "verified" as const, recoveryCodes };
  });
  if (outcome.kind === "not_enrolled") {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Enroll a second factor first with auth.mfa.enroll" });
  }
  if (outcome.kind === "rejected") {
    throw new TRPCError({ code: "BAD_REQUEST", message: WRONG_CODE });
  }
  if (outcome.kind === "foreign_session") {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Only sessions started with auth.signIn can be raised to aal2",
    });
  }
  if (outcome.kind === "already_raised") {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "This session is verified already (aal2) and no code was used; auth.refresh gives an aal2 access token",
    });
  }
  await runtime.limiter.reset(attempts);
  const access = await runtime.keys.signAccessToken({ userId, sessionId, aal: "aal2" });
  return {
    accessToken: access.token,
    expiresIn: access.expiresIn,
    aal: "aal2" as const,
    ...(outcome.recoveryCodes ? { recoveryCodes: outcome.recoveryCodes } : {}),
  };
}
