import {
  authSessionSchema,
  canInputSchema,
  canResultSchema,
  emailConfirmInputSchema,
  meSchema,
  passwordChangeInputSchema,
  passwordRequestResetInputSchema,
  passwordResetInputSchema,
  profileUpdateInputSchema,
  refreshInputSchema,
  signInInputSchema,
  signUpInputSchema,
  signUpResultSchema,
} from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { CALLER_SCOPE, protectedProcedure, publicProcedure, recordChange, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { decidePermission } from "../rbac/permission-decision";
import { sessionProcedure, steppedUpProcedure } from "../security/procedures";
import { endSessions } from "../sessions/end-sessions";
import { confirmEmail, requestEmailConfirmation } from "./email-confirmation";
import { describeMe } from "./me";
import { changePassword, requestPasswordReset, resetPassword } from "./password-changes";
import { updateProfile } from "./profile";
import { refreshSession } from "./refresh";
import { signIn } from "./sign-in";
import { signUp } from "./sign-up";

const ok = z.object({ ok: z.literal(true) });

/** Sign-up, sign-in, refresh, sign-out, the caller (me, can), profile, password and email procedures. */
export function createAccountProcedures(runtime: AuthRuntime) {
  return {
    signUp: publicProcedure
      .input(signUpInputSchema)
      .output(signUpResultSchema)
      .mutation(({ ctx, input }) => signUp(ctx, runtime, input)),
    signIn: publicProcedure
      .input(signInInputSchema)
      .output(authSessionSchema)
      .mutation(({ ctx, input }) => signIn(ctx, runtime, input)),
    refresh: publicProcedure
      .input(refreshInputSchema)
      .output(authSessionSchema)
      .mutation(({ ctx, input }) => refreshSession(ctx, runtime, input.refreshToken)),
    signOut: sessionProcedure.output(ok).mutation(async ({ ctx }) => {
      const ended = await withSystem(ctx.db, (trx) =>
        endSessions(trx, ctx, ctx.user.userId, { sessionId: ctx.user.sessionId }, "sign_out"),
      );
      await runtime.revocations.markSessionsRevoked(ended);
      return { ok: true as const };
    }),
    me: protectedProcedure
      .meta({ scope: CALLER_SCOPE, admitWithFirstStatement: true })
      .output(meSchema)
      .query(({ ctx }) => {
        if (ctx.principal.kind === "service") {
          throw new TRPCError({ code: "FORBIDDEN", message: "A service has no account; call me with a user's token" });
        }
        return describeMe(ctx.db, ctx.principal);
      }),
    can: protectedProcedure
      .meta({ scope: CALLER_SCOPE })
      .input(canInputSchema)
      .output(canResultSchema)
      .query(({ ctx, input }) =>
        decidePermission(ctx.db, ctx.principal, input.permission, input.organizationId ?? null),
      ),
    profile: router({
      update: sessionProcedure
        .input(profileUpdateInputSchema)
        .output(ok)
        .mutation(async ({ ctx, input }) => {
          await ctx.tenant(async (trx) => {
            const changed = await updateProfile(trx, ctx.user.userId, input);
            await recordChange(trx, ctx, {
              action: "user.profile_updated",
              organizationId: null,
              target: { type: "user", id: ctx.user.userId },
              metadata: { changedFields: changed },
            });
          });
          return { ok: true as const };
        }),
    }),
    password: router({
      change: steppedUpProcedure
        .input(passwordChangeInputSchema)
        .output(z.object({ revokedSessions: z.number().int() }))
        .mutation(({ ctx, input }) => changePassword(ctx, runtime, ctx.user, input)),
      requestReset: publicProcedure
        .input(passwordRequestResetInputSchema)
        .output(ok)
        .mutation(async ({ ctx, input }) => {
          await requestPasswordReset(ctx, runtime, input.email);
          return { ok: true as const };
        }),
      reset: publicProcedure
        .input(passwordResetInputSchema)
        .output(ok)
        .mutation(async ({ ctx, input }) => {
          await resetPassword(ctx, runtime, input);
          return { ok: true as const };
        }),
    }),
    email: router({
      requestConfirmation: sessionProcedure
        .output(z.object({ sent: z.boolean() }))
        .mutation(({ ctx }) => requestEmailConfirmation(ctx, runtime, ctx.user.userId)),
      confirm: publicProcedure
        .input(emailConfirmInputSchema)
        .output(ok)
        .mutation(async ({ ctx, input }) => {
          await confirmEmail(ctx, input.token);
          return { ok: true as const };
        }),
    }),
  };
}
