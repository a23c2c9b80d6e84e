import { auditExportQuerySchema, type AuditExportQuery } from "@cauldron/contracts";
import { withTenant, type Database } from "@cauldron/db";
import {
  createCallerFactory,
  describePrincipal,
  permittedProcedure,
  recordChange,
  requestActorUserId,
  respondWithHttpError,
  router,
  type RequestContext,
  type RequestContextFactory,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Express, Request, Response } from "express";
import type { Transaction } from "kysely";
import {
  nextExportBatch,
  toAuditLogEntry,
  transactionStartKey,
  type AuditRow,
  type ExportPosition,
} from "./audit-queries";
import { createExportSlots } from "./export-slots";

/** Where the export is served (behind the ingress: /org/audit/export). */
export const AUDIT_EXPORT_PATH = "/audit/export";

const BATCH_SIZE = 500;

/** How the export protects the service from slow or greedy clients. */
export interface AuditExportLimits {
  /** A client that takes no output for this long has its response cut. */
  writeTimeoutMs: number;
  /** Exports one person may run at once on one replica. */
  maxPerUser: number;
}

// The same middleware chain as every tRPC procedure decides who may export: membership, the
// audit:read permission, and an API token's scopes.
const authorizeExport = createCallerFactory(
  router({ access: permittedProcedure("audit:read").query(({ ctx }) => ({ organizationId: ctx.organizationId })) }),
);

/**
 * Mounts GET /audit/export: the organization's audit log as NDJSON, oldest first. Each batch is
 * read in its own short transaction, so no pooled connection waits on a client while it reads.
 */
export function mountAuditExport(
  app: Express,
  dependencies: ServiceDependencies,
  createContext: RequestContextFactory,
  limits: AuditExportLimits,
): void {
  const slots = createExportSlots(limits.maxPerUser);
  app.get(AUDIT_EXPORT_PATH, async (req, res) => {
    try {
      const context = await createContext(req, res);
      const { organizationId } = await authorizeExport(context).access();
      const filters = exportFilters(req);
      const release = slots.claim(requestActorUserId(context) ?? describePrincipal(context.principal));
      try {
        await streamAuditExport(res, context, organizationId, filters, limits.writeTimeoutMs);
      } finally {
        release();
      }
    } catch (error) {
      respondWithHttpError(req, res, error, dependencies.logger);
    }
  });
}

function exportFilters(req: Request): AuditExportQuery {
  const parsed = auditExportQuerySchema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`);
  throw new TRPCError({ code: "BAD_REQUEST", message: `Invalid export query: ${details.join("; ")}` });
}

async function streamAuditExport(
  res: Response,
  context: RequestContext,
  organizationId: string,
  filters: AuditExportQuery,
  writeTimeoutMs: number,
): Promise<void> {
  const userId = requestActorUserId(context);
  const inTenant = <T>(work: (trx: Transaction<Database>) => Promise<T>) =>
    withTenant(context.db, { userId, organizationId }, work);
  // The export covers rows created before it started (so it ends, and leaves out its own entry).
  const first = await inTenant(async (trx) => {
    await recordChange(trx, context, {
      action: "audit.exported",
      organizationId,
      target: { type: "organization", id: organizationId },
      metadata: { filters },
    });
    const position: ExportPosition = { until: await transactionStartKey(trx), after: null };
    return { position, rows: await nextExportBatch(trx, organizationId, filters, position, BATCH_SIZE) };
  });
  res.status(200);
  res.setHeader("content-type", "application/x-ndjson; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-disposition", `attachment; filename="audit-${organizationId}.ndjson"`);
  res.flushHeaders();
  const { until } = first.position;
  let rows = first.rows;
  for (;;) {
    const last = rows.at(-1);
    if (!last) break;
    if (!(await writeWithin(res, ndjson(rows), writeTimeoutMs))) return;
    if (rows.length < BATCH_SIZE) break;
    const next: ExportPosition = { until, after: { at: last.created_key, id: last.id } };
    rows = await inTenant((trx) => nextExportBatch(trx, organizationId, filters, next, BATCH_SIZE));
  }
  res.end();
}

function ndjson(rows: AuditRow[]): string {
  return rows.map((row) => `${JSON.stringify(toAuditLogEntry(row))}\n`).join("");
}

/**
 * Writes and waits until the client has taken the output; false when it went away, or took
 * nothing for `timeoutMs` (then the response is cut, so the client sees an incomplete body).
 */
function writeWithin(res: Response, chunk: string, timeoutMs: number): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    const timer = setTimeout(() => {
      res.destroy();
      finish(false);
    }, timeoutMs);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
