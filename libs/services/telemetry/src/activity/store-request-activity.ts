import type { RequestActivityBatch } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { REQUEST_ACTIVITY_GROUP } from "./request-activity-stream";
import {
  addRequestActivity,
  REQUEST_ACTIVITY_TYPE,
  requestActivityDetailsSchema,
  totalsOfEntry,
  type RequestActivityTotals,
} from "./request-activity-totals";
import { whereCallersBelong } from "./request-activity-callers";

const INSERT_CHUNK = 1_000;

// The batches not stored before: a batch resent after a lost reply, or read again by a new leader, counts once.
async function unseenBatches(trx: Transaction<Database>, batches: RequestActivityBatch[]) {
  const ids = [...new Set(batches.map((batch) => batch.batchId))];
  if (ids.length === 0) return [];
  const recorded = await trx
    .insertInto("integration.processed_events")
    .values(ids.map((id) => ({ consumer: REQUEST_ACTIVITY_GROUP, event_id: id })))
    .onConflict((conflict) => conflict.columns(["consumer", "event_id"]).doNothing())
    .returning("event_id")
    .execute();
  const unseen = new Set(recorded.map((row) => row.event_id));
  return batches.filter((batch) => unseen.delete(batch.batchId));
}

// Takes the stored rows of these keys out of the table, to be written back with the new counts added.
async function takeStoredRows(trx: Transaction<Database>, keys: RequestActivityTotals[]) {
  const wanted = JSON.stringify(
    keys.map((key) => ({ user_id: key.userId, organization_id: key.organizationId, time: key.minute })),
  );
  const { rows } = await sql<{
    user_id: string;
    organization_id: string | null;
    time: Date;
    details: unknown;
    ip_address: string | null;
    user_agent: string | null;
  }>`
    delete from timeseries.user_activity a
    using jsonb_to_recordset(${wanted}::jsonb) as k(user_id uuid, organization_id uuid, time timestamptz)
    where a.activity_type = ${REQUEST_ACTIVITY_TYPE} and a.user_id = k.user_id and a.time = k.time
      and a.organization_id is not distinct from k.organization_id
    returning a.user_id, a.organization_id, a.time, a.details, a.ip_address, a.user_agent
  `.execute(trx);
  return rows.map((row): RequestActivityTotals => {
    const details = requestActivityDetailsSchema.safeParse(row.details);
    return {
      userId: row.user_id,
      organizationId: row.organization_id,
      minute: row.time,
      requests: details.success ? details.data.requests : 0,
      procedures: details.success ? details.data.procedures : {},
      ipAddress: row.ip_address,
      userAgent: row.user_agent,
    };
  });
}

/**
 * Stores drained batches as one user_activity row per user, organization and minute, adding to a
 * row an earlier drain wrote. Each batch counts once (its id is recorded in processed_events in the
 * same transaction), and one drain at a time writes (a transaction lock), so rows never split.
 * Returns how many rows were written.
 */
export async function storeRequestActivity(
  trx: Transaction<Database>,
  batches: RequestActivityBatch[],
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended('telemetry.request-activity', 0))`.execute(trx);
  const incoming = (await unseenBatches(trx, batches)).flatMap((batch) => batch.entries.map(totalsOfEntry));
  const belonging = await whereCallersBelong(trx, incoming);
  if (belonging.length === 0) return 0;

  const rows = new Map<string, RequestActivityTotals>();
  for (const stored of await takeStoredRows(trx, belonging)) addRequestActivity(rows, stored);
  for (const totals of belonging) addRequestActivity(rows, totals);
  const values = [...rows.values()].map((row) => ({
    time: row.minute,
    user_id: row.userId,
    organization_id: row.organizationId,
    activity_type: REQUEST_ACTIVITY_TYPE,
    details: JSON.stringify({ requests: row.requests, procedures: row.procedures }),
    ip_address: row.ipAddress,
    user_agent: row.userAgent,
  }));
  for (let start = 0; start < values.length; start += INSERT_CHUNK) {
    await trx
      .insertInto("timeseries.user_activity")
      .values(values.slice(start, start + INSERT_CHUNK))
      .execute();
  }
  return values.length;
}
