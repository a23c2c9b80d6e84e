import type { MetricKind } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

const MINUTE_MS = 60_000;

/** The distinct (metric, minute) pairs of a batch, sorted so every writer locks them in the same order. */
function touchedMinutes(points: readonly { metric: string; time: Date }[]): { metric: string; minute: Date }[] {
  const touched = new Map<string, { metric: string; minute: Date }>();
  for (const point of points) {
    const minute = Math.floor(point.time.getTime() / MINUTE_MS) * MINUTE_MS;
    const id = `${point.metric}\u0000${minute}`;
    if (!touched.has(id)) touched.set(id, { metric: point.metric, minute: new Date(minute) });
  }
  return [...touched.values()].sort((a, b) =>
    a.metric === b.metric ? a.minute.getTime() - b.minute.getTime() : a.metric < b.metric ? -1 : 1,
  );
}

/**
 * Lists the minutes a batch of points falls in as waiting for the rollup job, in the transaction that
 * writes the points, with one statement; minutes travel as epoch milliseconds, which pg sends
 * without formatting a Date per row.
 *
 * On conflict the existing row is locked, not left alone: the job takes pending rows with SKIP
 * LOCKED, so it leaves the minute for a later run, when these points are visible. Left alone, an
 * existing row could be taken and the minute rolled up without these uncommitted points, and then
 * never again. `do update … where false` takes that lock without writing a new version of the row
 * (no dead tuple, no index entries; a write of points spread over a day touches thousands of
 * minutes), and the row keeps the time it was first touched, by which the job takes the longest
 * waiting first.
 */
export async function markMinutesPending(
  trx: Transaction<Database>,
  organizationId: string,
  kind: MetricKind,
  points: readonly { metric: string; time: Date }[],
): Promise<void> {
  const touched = touchedMinutes(points);
  if (touched.length === 0) return;
  await sql`
    insert into timeseries.rollup_pending (organization_id, kind, metric_name, minute)
    select ${organizationId}::uuid, ${kind}, pending.metric, to_timestamp(pending.minute_ms / 1000.0)
    from unnest(${touched.map((one) => one.metric)}::text[], ${touched.map((one) => one.minute.getTime())}::float8[])
      with ordinality as pending(metric, minute_ms, position)
    order by pending.position
    on conflict (organization_id, kind, metric_name, minute) do update set touched_at = rollup_pending.touched_at where false
  `.execute(trx);
}
