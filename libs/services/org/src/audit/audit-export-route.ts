import { auditExportQuerySchema, type AuditExportQuery } from "@cauldron/contracts";
import { withTenant } from "@cauldron/db";
import {
  createCallerFactory,
  permittedProcedure,
  recordAudit,
  requestActorUserId,
  router,
  type RequestContext,
  type RequestContextFactory,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Express, Request, Response } from "express";
import { CompiledQuery } from "kysely";
import { auditEntriesQuery, toAuditLogEntry } from "./audit-queries";

/** Where the export is served (behind the ingress: /org/audit/export). */
export const AUDIT_EXPORT_PATH = "/audit/export";

const FETCH_SIZE = 500;

// The same middleware chain as every tRPC procedure decides who may export: membership, the
// audit:read permission, and an API token's scopes.
const authorizeExport = createCallerFactory(
  router({ access: permittedProcedure("audit:read").query(({ ctx }) => ({ organizationId: ctx.organizationId })) }),
);

/** Mounts GET /audit/export: the organization's audit log as NDJSON, oldest first, streamed through a cursor. */
export function mountAuditExport(
  app: Express,
  dependencies: ServiceDependencies,
  createContext: RequestContextFactory,
): void {
  app.get(AUDIT_EXPORT_PATH, async (req, res) => {
    const requestId = res.locals.requestId as string;
    try {
      const context = await createContext(req, res);
      const { organizationId } = await authorizeExport(context).access();
      await streamAuditExport(res, context, organizationId, exportFilters(req));
    } catch (error) {
      respondWithError(res, error, dependencies, requestId);
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
): Promise<void> {
  const userId = requestActorUserId(context);
  await withTenant(context.db, { userId, organizationId }, async (trx) => {
    const query = auditEntriesQuery(trx, organizationId, filters).orderBy("created_at").orderBy("id").compile();
    await trx.executeQuery(CompiledQuery.raw(`declare audit_export no scroll cursor for ${query.sql}`, [...query.parameters]));
    await recordAudit(trx, context, {
      action: "audit.exported",
      organizationId,
      target: { type: "organization", id: organizationId },
      metadata: { filters },
    });
    res.status(200);
    res.setHeader("content-type", "application/x-ndjson; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    res.setHeader("content-disposition", `attachment; filename="audit-${organizationId}.ndjson"`);
    res.flushHeaders();
    for (;;) {
      const { rows } = await trx.executeQuery<Parameters<typeof toAuditLogEntry>[0]>(
        CompiledQuery.raw(`fetch ${FETCH_SIZE} from audit_export`),
      );
      if (rows.length > 0) {
        const lines = rows.map((row) => `${JSON.stringify(toAuditLogEntry(row))}\n`).join("");
        if (!res.write(lines) && !(await drained(res))) return;
      }
      if (rows.length < FETCH_SIZE) break;
    }
    res.end();
  });
}

/** Waits until the client has taken the buffered output; false when it went away instead. */
function drained(res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

function respondWithError(res: Response, error: unknown, dependencies: ServiceDependencies, requestId: string): void {
  const known = error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" ? error : null;
  if (!known) dependencies.logger.error({ err: error, requestId }, "audit export failed");
  if (res.headersSent) {
    // Mid-stream: cut the connection so the client sees an incomplete body, never a short but valid one.
    res.destroy();
    return;
  }
  const status = known ? getHTTPStatusCodeFromError(known) : 500;
  res.status(status).json({
    error: {
      code: known?.code ?? "INTERNAL_SERVER_ERROR",
      message: known?.message ?? "Internal server error; quote the request id when reporting it",
      requestId,
    },
  });
}
