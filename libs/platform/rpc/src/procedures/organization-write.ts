import { withTenant, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { recordChange, type ChangeRecord } from "../audit/record-change";
import { requestActorUserId } from "../audit/request-actor";
import type { RequestContext } from "../context";
import { organizationArchivedError } from "../errors/refusal";
import type { PermissionName } from "../permissions/procedure-scope";
import { organizationProcedure, permittedProcedure } from "../trpc";

/** A change inside the active organization, as `ctx.record` takes it (the organization is implied). */
export type OrganizationChange = Omit<ChangeRecord, "organizationId">;

/** What the write rung adds to an organization procedure's context. */
export interface OrganizationWriteContext {
  /** The user behind the change, or null for a service acting on its own. */
  actorUserId: string | null;
  /** Writes the change's audit row and domain events in `trx`, the transaction that makes the change. */
  record(trx: Transaction<Database>, change: OrganizationChange): Promise<void>;
}

interface WriteOptions {
  /** Restoring (or archiving) is the one change an archived organization still takes. */
  allowArchived?: boolean;
}

type OrganizationRequest = Pick<RequestContext, "db" | "principal" | "requestId" | "ip" | "userAgent"> & {
  organizationId: string;
  organizationArchived: boolean | null;
};

// Users' access look-up answered already; a service's token names the organization, whose own
// row RLS shows it.
async function isArchived(ctx: OrganizationRequest): Promise<boolean> {
  if (ctx.organizationArchived !== null) return ctx.organizationArchived;
  const row = await withTenant(ctx.db, { userId: null, organizationId: ctx.organizationId }, (trx) =>
    trx.selectFrom("organizations").select("archived_at").where("id", "=", ctx.organizationId).executeTakeFirst(),
  );
  return row?.archived_at != null;
}

function writeContext(ctx: OrganizationRequest): OrganizationWriteContext {
  return {
    actorUserId: requestActorUserId(ctx),
    record: (trx, change) => recordChange(trx, ctx, { ...change, organizationId: ctx.organizationId }),
  };
}

/**
 * Opens a change in an organization outside a procedure (a plain HTTP route): refuses an archived
 * organization unless told otherwise, and names the actor and recorder as the write rung does.
 */
export async function openOrganizationWrite(
  ctx: OrganizationRequest,
  options: WriteOptions = {},
): Promise<OrganizationWriteContext> {
  if (!options.allowArchived && (await isArchived(ctx))) throw organizationArchivedError();
  return writeContext(ctx);
}

/**
 * An organization procedure that changes the organization: refuses an archived one (reason
 * `organization_archived`), names the actor once (`ctx.actorUserId`) and records each change as
 * one call (`ctx.record(trx, { action, target, metadata, events })`).
 */
export const organizationWriteProcedure = organizationProcedure.use(async ({ ctx, next }) => {
  if (await isArchived(ctx)) throw organizationArchivedError();
  return next({ ctx: writeContext(ctx) });
});

/**
 * The write rung for one `resource:action` permission; tokens need a scope covering it. With
 * `allowArchived`, the change goes through on an archived organization too (restoring it).
 */
export function permittedWriteProcedure(permission: PermissionName, options: WriteOptions = {}) {
  return permittedProcedure(permission).use(async ({ ctx, next }) => {
    if (!options.allowArchived && (await isArchived(ctx))) throw organizationArchivedError();
    return next({ ctx: writeContext(ctx) });
  });
}
