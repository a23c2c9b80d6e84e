import {
  decodeTimeCursor,
  pastTimeKey,
  preciseTime,
  prefixPattern,
  toPage,
  type Database,
  type TimeKey,
} from "@cauldron/db";
import type { AuditLogEntry, ListAuditInput } from "@cauldron/contracts";
import { sql, type Kysely, type Transaction } from "kysely";

/** The filters audit.list and the export share. */
export interface AuditFilters {
  actorUserId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The organization's audit rows matching `filters`, unordered: callers choose direction and paging. */
export function auditEntriesQuery(
  db: Kysely<Database> | Transaction<Database>,
  organizationId: string,
  filters: AuditFilters,
) {
  const { actorUserId, action, targetType, targetId, from, to } = filters;
  return db
    .selectFrom("audit.audit_logs")
    .select([
      "id",
      "organization_id",
      "actor_user_id",
      "actor_type",
      "action",
      "target_type",
      "target_id",
      "metadata",
      "ip",
      "user_agent",
      "request_id",
      "created_at",
      preciseTime("created_at").as("created_key"),
    ])
    .where("organization_id", "=", organizationId)
    .$if(actorUserId !== undefined, (query) => query.where("actor_user_id", "=", actorUserId ?? ""))
    .$if(action !== undefined && action.endsWith(".*"), (query) =>
      // Action names contain underscores, which LIKE would take for any character.
      query.where("action", "like", prefixPattern(action?.slice(0, -1) ?? "")),
    )
    .$if(action !== undefined && !action.endsWith(".*"), (query) => query.where("action", "=", action ?? ""))
    .$if(targetType !== undefined, (query) => query.where("target_type", "=", targetType ?? ""))
    .$if(targetId !== undefined, (query) => query.where("target_id", "=", targetId ?? ""))
    .$if(from !== undefined, (query) => query.where("created_at", ">=", from ?? new Date(0)))
    .$if(to !== undefined, (query) => query.where("created_at", "<", to ?? new Date(0)));
}

/** An audit row as the queries return it, with its keyset position (`created_key`). */
export type AuditRow = Awaited<ReturnType<ReturnType<typeof auditEntriesQuery>["executeTakeFirstOrThrow"]>>;

/** Shapes a row for clients. */
export function toAuditLogEntry(row: AuditRow): AuditLogEntry {
  return {
    id: row.id,
    organizationId: row.organization_id,
    actorUserId: row.actor_user_id,
    actorType: row.actor_type as AuditLogEntry["actorType"],
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    metadata: row.metadata,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

/** One page of the audit log, newest first. */
export async function listAuditEntries(
  trx: Transaction<Database>,
  organizationId: string,
  input: ListAuditInput,
): Promise<{ items: AuditLogEntry[]; nextCursor: string | null }> {
  const before = decodeTimeCursor(input.cursor);
  const rows = await auditEntriesQuery(trx, organizationId, input)
    .where(pastTimeKey({ time: "created_at", id: "id" }, before, "before"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toAuditLogEntry, (row) => ({ at: row.created_key, id: row.id }));
}

/** The transaction's start time as precise UTC text: the end of an export that starts now. */
export async function transactionStartKey(trx: Transaction<Database>): Promise<string> {
  const { rows } = await sql<{ at: string }>`
    select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
  `.execute(trx);
  return rows[0]?.at ?? new Date().toISOString();
}

/** Where an export stands: rows after `after` (exclusive) and created before `until` come next. */
export interface ExportPosition {
  until: string;
  after: TimeKey | null;
}

/** The next `limit` audit rows of an export, oldest first. */
export function nextExportBatch(
  trx: Transaction<Database>,
  organizationId: string,
  filters: AuditFilters,
  position: ExportPosition,
  limit: number,
): Promise<AuditRow[]> {
  const { until, after } = position;
  return auditEntriesQuery(trx, organizationId, filters)
    .where(sql<boolean>`created_at < ${until}::timestamptz`)
    .where(pastTimeKey({ time: "created_at", id: "id" }, after, "after"))
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}
