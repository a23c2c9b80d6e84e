import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { markMinutesPending } from "../rollups/mark-pending-minutes";

/** A point that passed the point rules, as it is stored. */
export interface StoredPoint {
  metric: string;
  time: Date;
  value: number;
  dimensions: Record<string, string>;
}

/** The agent run agent metrics describe. */
export interface AgentRun {
  agentId: string;
  executionId: string | null;
}

// One statement's JSON document stays modest at this many rows.
const ROWS_PER_STATEMENT = 5_000;

/**
 * A chunk of points as one JSON array, read by Postgres's json_to_recordset: one JSON.stringify
 * here and one JSON parse there, cheaper on both sides than four parallel arrays (no Date
 * formatting per point, no array-literal escaping). Times travel as epoch milliseconds, which
 * to_timestamp(ms / 1000.0) turns back into the same instant.
 */
function pointsDocument(points: readonly StoredPoint[]): string {
  return JSON.stringify(
    points.map((point) => ({ t: point.time.getTime(), m: point.metric, v: point.value, d: point.dimensions })),
  );
}

async function inChunks(points: readonly StoredPoint[], write: (document: string) => Promise<unknown>) {
  for (let start = 0; start < points.length; start += ROWS_PER_STATEMENT) {
    await write(pointsDocument(points.slice(start, start + ROWS_PER_STATEMENT)));
  }
  return points.length;
}

/**
 * Stores business metric points of one organization, a few thousand rows per statement, and lists
 * their minutes for the rollup job; returns how many.
 */
export async function insertBusinessPoints(
  trx: Transaction<Database>,
  organizationId: string,
  points: readonly StoredPoint[],
): Promise<number> {
  const written = await inChunks(points, (document) =>
    sql`
      insert into timeseries.business_metrics (time, organization_id, metric_name, metric_value, dimensions)
      select to_timestamp(point.t / 1000.0), ${organizationId}::uuid, point.m, point.v, point.d
      from json_to_recordset(${document}::json) as point(t float8, m text, v float8, d jsonb)
    `.execute(trx),
  );
  await markMinutesPending(trx, organizationId, "business", points);
  return written;
}

/** Stores one agent run's metric points (dimensions go to its tags) and lists their minutes; returns how many. */
export async function insertAgentPoints(
  trx: Transaction<Database>,
  organizationId: string,
  run: AgentRun,
  points: readonly StoredPoint[],
): Promise<number> {
  const written = await inChunks(points, (document) =>
    sql`
      insert into timeseries.agent_metrics
        (time, organization_id, agent_id, execution_id, metric_name, metric_value, tags)
      select to_timestamp(point.t / 1000.0), ${organizationId}::uuid, ${run.agentId}::uuid, ${run.executionId}::uuid,
        point.m, point.v, point.d
      from json_to_recordset(${document}::json) as point(t float8, m text, v float8, d jsonb)
    `.execute(trx),
  );
  await markMinutesPending(trx, organizationId, "agent", points);
  return written;
}
