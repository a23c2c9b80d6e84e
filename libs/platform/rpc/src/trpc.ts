import { wireTransformer } from "@cauldron/contracts";
import { withTenant } from "@cauldron/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { principalUserId } from "./auth/principal";
import type { RequestContext } from "./context";
import { mapDatabaseError } from "./errors/database-errors";
import { formatError } from "./errors/format-error";
import { inputShapeProblem } from "./http/input-shape";
import { admitToOrganization, permissionRefusal } from "./permissions/organization-caller";
import { admitForRead } from "./permissions/read-admission";
import {
  assertMayActOutsideOrganizations,
  assertTokenMayCall,
  type PermissionName,
  type ProcedureMeta,
} from "./permissions/procedure-scope";

const t = initTRPC
  .context<RequestContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: wireTransformer,
    errorFormatter: formatError,
    isDev: false,
    // Subscriptions (SSE): pings let clients and proxies tell a quiet stream from a dead one, and
    // every stream ends after a while so the client reconnects (resuming from its last event id)
    // and the caller's token, membership and permissions are checked again.
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 45_000 },
      maxDurationMs: 10 * 60_000,
    },
  });

export const router = t.router;
/** Joins routers into one whose procedures sit side by side, as a service root lists each capability's. */
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

/** A query that may run while its caller is still being checked (ProcedureMeta.admitWithFirstStatement). */
function admitsWithFirstStatement(type: string, meta: ProcedureMeta | undefined): boolean {
  return type === "query" && meta?.admitWithFirstStatement === true;
}

// One middleware step, since every call of every procedure pays for each: decoded inputs can still
// be cyclic or share references (superjson rebuilds both), so their shape is bounded first; then
// database errors the procedure let through become typed errors. A caller's session may still be
// under its revocation check (request-context.ts): a query that admits with its first statement
// runs meanwhile and its answer waits for the check; anything else waits before it runs.
const guardEveryCall = t.middleware(async ({ ctx, meta, type, getRawInput, next }) => {
  const problem = inputShapeProblem(await getRawInput());
  const confirmation = ctx.principalConfirmed;
  const overlaps = confirmation !== undefined && !problem && admitsWithFirstStatement(type, meta);
  if (confirmation && !overlaps) await confirmation;
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  const result = await next();
  if (overlaps) await confirmation;
  if (!result.ok) {
    const mapped = mapDatabaseError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** Any caller, signed in or not. */
export const publicProcedure = t.procedure.use(guardEveryCall);

// Every procedure that knows its caller starts here, so no procedure can forget the token check:
// a token reaches only procedures that declared a scope (`.meta({ scope })`) the token covers.
const authenticatedProcedure = publicProcedure.use(({ ctx, meta, next }) => {
  const principal = ctx.principal;
  if (!principal) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or send an API token to call this procedure" });
  }
  assertTokenMayCall(principal, meta);
  return next({ ctx: { principal } });
});

/**
 * A signed-in user, an API token or a service, outside any one organization; `ctx.tenant` runs
 * queries as that user. Tokens need the scope the procedure declares with `.meta({ scope })`.
 */
export const protectedProcedure = authenticatedProcedure.use(({ ctx, meta, next }) => {
  assertMayActOutsideOrganizations(ctx.principal, meta);
  const userId = principalUserId(ctx.principal);
  return next({
    ctx: {
      tenant: <T>(work: Parameters<typeof withTenant<T>>[2]) =>
        withTenant(ctx.db, { userId, organizationId: null }, work),
    },
  });
});

/**
 * `ctx.admitted()` of an organization procedure resolves once its caller is known to be admitted
 * (session and organization access confirmed) and rejects with the refusal otherwise. A query
 * that admits with its first statement may run before that is known, so it awaits this before
 * any effect beyond its reads (a log entry, a call to another system); elsewhere it is at once.
 */
function alreadyAdmitted(): Promise<void> {
  return Promise.resolve();
}

/**
 * A caller acting inside the organization named by `x-organization-id`: a member of it (with a
 * second factor verified when the user enrolled one or the organization requires it), or a
 * service whose token names that organization. `ctx.tenant` confines queries to it by Row-Level
 * Security. One database look-up decides membership, grants and second-factor needs: before the
 * procedure runs, or, for a query that admits with its first statement, in the query's own first
 * round trip (read-admission.ts), its answer waiting for the verdict.
 */
export const organizationProcedure = authenticatedProcedure.use(async ({ ctx, meta, type, next }) => {
  const organizationId = ctx.requestedOrganizationId;
  if (!organizationId) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Name the organization to act in with the x-organization-id header",
    });
  }
  if (admitsWithFirstStatement(type, meta) && principalUserId(ctx.principal) !== null) {
    const admission = admitForRead(ctx.db, ctx.principal, organizationId);
    const admitted = async () => {
      await Promise.all([admission.confirm(), ctx.principalConfirmed]);
    };
    const result = await next({ ctx: { ...admission.caller, requirePermission: admission.require, admitted } });
    await admission.confirm();
    return result;
  }
  const caller = await admitToOrganization(ctx, ctx.principal, organizationId);
  const requirePermission = (permission: PermissionName) => {
    if (!caller.can(permission)) throw permissionRefusal(permission);
  };
  return next({ ctx: { ...caller, requirePermission, admitted: alreadyAdmitted } });
});

/**
 * An organization procedure that also requires one `resource:action` permission; tokens need a
 * scope covering it.
 */
export function permittedProcedure(permission: PermissionName) {
  return organizationProcedure.meta({ scope: permission }).use(({ ctx, next }) => {
    ctx.requirePermission(permission);
    return next();
  });
}
