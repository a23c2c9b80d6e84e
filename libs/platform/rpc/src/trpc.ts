import { withTenant } from "@cauldron/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { principalUserId } from "./auth/principal";
import type { RequestContext } from "./context";
import { mapDatabaseError } from "./errors/database-errors";
import { formatError } from "./errors/format-error";
import { resolveOrganizationAccess } from "./permissions/organization-access";
import { isEffectivelyGranted } from "./permissions/permission-match";

const t = initTRPC.context<RequestContext>().create({
  transformer: superjson,
  errorFormatter: formatError,
  isDev: false,
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

const mapDatabaseErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = mapDatabaseError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** Any caller, signed in or not. */
export const publicProcedure = t.procedure.use(mapDatabaseErrors);

/** A signed-in user, an API token or a service; `ctx.tenant` runs queries as that user. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const principal = ctx.principal;
  if (!principal) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or send an API token to call this procedure" });
  }
  const userId = principalUserId(principal);
  return next({
    ctx: {
      principal,
      tenant: <T>(work: Parameters<typeof withTenant<T>>[2]) =>
        withTenant(ctx.db, { userId, organizationId: null }, work),
    },
  });
});

/**
 * A caller acting inside the organization named by `x-organization-id`: a member of it, or a
 * service. `ctx.tenant` confines queries to that organization by Row-Level Security.
 */
export const organizationProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const organizationId = ctx.requestedOrganizationId;
  if (!organizationId) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Name the organization to act in with the x-organization-id header",
    });
  }
  const userId = principalUserId(ctx.principal);
  const access =
    userId === null
      ? { organizationId, grants: ["*:*"] }
      : await resolveOrganizationAccess(ctx.db, userId, organizationId);
  if (!access) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization" });
  }
  const scopes = ctx.principal.kind === "api_token" ? ctx.principal.scopes : null;
  return next({
    ctx: {
      organizationId,
      can: (permission: string) => isEffectivelyGranted(access.grants, scopes, permission),
      tenant: <T>(work: Parameters<typeof withTenant<T>>[2]) =>
        withTenant(ctx.db, { userId, organizationId }, work),
    },
  });
});

/** An organization procedure that also requires one `resource:action` permission. */
export function permittedProcedure(permission: string) {
  return organizationProcedure.use(({ ctx, next }) => {
    if (!ctx.can(permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${permission} permission` });
    }
    return next();
  });
}
