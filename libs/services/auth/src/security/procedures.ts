import { forbidden, isGranted, protectedProcedure } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { globalGrants, readAccess } from "../rbac/access-queries";

/**
 * A user signed in with a session (not an API token or a service): account management. Such
 * procedures declare no scope, so the platform refuses every token before this check.
 */
export const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (principal.kind !== "user") {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "This needs a signed-in session; API tokens and services cannot manage accounts",
    });
  }
  return next({ ctx: { user: principal } });
});

/**
 * Sensitive changes (password, second factor, API tokens, administration): a user who has enrolled
 * a second factor must have verified it in this session, i.e. hold an aal2 access token.
 */
export const steppedUpProcedure = sessionProcedure.use(async ({ ctx, next }) => {
  if (ctx.user.aal !== "aal2") {
    const user = await ctx.tenant((trx) =>
      trx.selectFrom("users").select("mfa_enabled_at").where("id", "=", ctx.user.userId).executeTakeFirst(),
    );
    if (user?.mfa_enabled_at) {
      throw forbidden(
        "mfa_required",
        "Verify your second factor with auth.mfa.verify first; this needs an aal2 session",
      );
    }
  }
  return next();
});

/** Platform administration: a stepped-up session of a user granted users:admin by a global role. */
export const platformAdminProcedure = steppedUpProcedure.use(async ({ ctx, next }) => {
  const grants = await readAccess(ctx.db, (trx) => globalGrants(trx, ctx.user.userId));
  if (!isGranted(grants, "users:admin")) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This needs the users:admin permission" });
  }
  return next();
});

/** A user's own data, read with a session or an API token with the scope the procedure declares (services have no account). */
export const accountProcedure = protectedProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (principal.kind === "service") {
    throw new TRPCError({ code: "FORBIDDEN", message: "A service has no account; call this with a user's token" });
  }
  return next({ ctx: { userId: principal.userId } });
});
