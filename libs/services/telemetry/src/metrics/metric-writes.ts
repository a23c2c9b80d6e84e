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

// Each statement sends four arrays, whatever its row count; chunks keep one statement's arrays modest.
const ROWS_PER_STATEMENT = 5_000;

interface PointColumns {
  times: Date[];
  metrics: string[];
  values: number[];
  dimensions: string[];
}

function columnsOf(points: readonly StoredPoint[]): PointColumns {
  return {
    times: points.map((point) => point.time),
    metrics: points.map((point) => point.metric),
    values: points.map((point) => point.value),
    dimensions: points.map((point) => JSON.stringify(point.dimensions)),
  };
}

async function inChunks(points: readonly StoredPoint[], write: (columns: PointColumns) => Promise<unknown>) {
  for (let start = 0; start < points.length; start += ROWS_PER_STATEMENT) {
    await write(columnsOf(points.slice(start, start + ROWS_PER_STATEMENT)));
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
  const written = await inChunks(points, (columns) =>
    sql`
      insert into timeseries.business_metrics (time, organization_id, metric_name, metric_value, dimensions)
      select point.time, ${organizationId}::uuid, point.metric, point.value, point.dimensions
      from unnest(${columns.times}::timestamptz[], ${columns.metrics}::text[], ${columns.values}::float8[],
        ${columns.dimensions}::jsonb[]) as point(time, metric, value, dimensions)
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
  const written = await inChunks(points, (columns) =>
    sql`
      insert into timeseries.agent_metrics
        (time, organization_id, agent_id, execution_id, metric_name, metric_value, tags)
      select point.time, ${organizationId}::uuid, ${run.agentId}::uuid, ${run.executionId}::uuid,
        point.metric, point.value, point.tags
      from unnest(${columns.times}::timestamptz[], ${columns.metrics}::text[], ${columns.values}::float8[],
        ${columns.dimensions}::jsonb[]) as point(time, metric, value, tags)
    `.execute(trx),
  );
  await markMinutesPending(trx, organizationId, "agent", points);
  return written;
}
