import {
  parseBucketSeconds,
  type MetricSeries,
  type QueryMetricsInput,
  type queryMetricsOutputSchema,
} from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import type { Kysely, Transaction } from "kysely";
import type { z } from "zod";
import { rollupLevelFor } from "../rollups/rollup-levels";
import { aggregateBucketsWithRollups, isMergeable } from "../rollups/rollup-series-query";
import { bucketStartExpression, partitioningModeOf } from "./bucket-function";
import { bucketGrid } from "./bucket-grid";
import { perSecondRate } from "./counter-rate";
import { fillGaps, type ValuedPoint } from "./gap-fill";
import { metricSource, type MetricScope } from "./metric-source";
import { aggregateBuckets, type BucketRow, type SeriesRequest } from "./series-queries";

/** Most points one answer holds, over all its series. */
export const MAX_ANSWER_POINTS = 100_000;

/** What a query needs of its caller: the pool, the organization and a transaction confined to it. */
export interface MetricsReader {
  db: Kysely<Database>;
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** Where answers come from: rollups for settled ranges with raw points for the rest, or raw points only. */
export type MetricsQuerySource = "rollups" | "raw";

const tooManyPoints = () =>
  new TRPCError({
    code: "BAD_REQUEST",
    message: `The answer would hold more than ${MAX_ANSWER_POINTS} points; narrow the range, widen the bucket or group by fewer dimensions`,
  });

function seriesOf(rows: readonly BucketRow[]): { group: Record<string, string>; points: ValuedPoint[] }[] {
  const series = new Map<string, { group: Record<string, string>; points: ValuedPoint[] }>();
  for (const row of rows) {
    const key = JSON.stringify(row.group);
    let one = series.get(key);
    if (!one) series.set(key, (one = { group: row.group, points: [] }));
    one.points.push({ time: row.bucket.getTime(), value: row.value });
  }
  return [...series.values()];
}

// Both ways give the same buckets; rollups only where the bucket width is a whole number of a level's.
function readBuckets(
  trx: Transaction<Database>,
  scope: MetricScope,
  request: SeriesRequest,
  source: MetricsQuerySource,
) {
  const level = source === "rollups" ? rollupLevelFor(request.bucketSeconds) : undefined;
  const { aggregate } = request;
  if (level && isMergeable(aggregate)) return aggregateBucketsWithRollups(trx, scope, { ...request, aggregate }, level);
  return aggregateBuckets(trx, metricSource(scope), request);
}

/**
 * Aggregates one metric into buckets, one series per group: the database aggregates (time_bucket or
 * date_bin, whichever the database has; settled ranges from rollups unless `source` is "raw"), then
 * rates and gap filling are worked out here.
 */
export async function queryMetrics(
  caller: MetricsReader,
  input: QueryMetricsInput,
  source: MetricsQuerySource = "rollups",
): Promise<z.infer<typeof queryMetricsOutputSchema>> {
  const seconds = parseBucketSeconds(input.bucket);
  if (seconds === undefined) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "bucket must be a width such as '1 hour'" });
  }
  const mode = await partitioningModeOf(caller.db);
  const scope = { organizationId: caller.organizationId, kind: input.kind, agentId: input.agentId };
  const rows = await caller.tenant((trx) =>
    readBuckets(
      trx,
      scope,
      {
        metric: input.metric,
        from: input.from,
        to: input.to,
        bucketSeconds: seconds,
        bucketStart: bucketStartExpression(mode, seconds),
        aggregate: input.aggregate,
        groupBy: input.groupBy,
        where: input.where,
        limit: MAX_ANSWER_POINTS + 1,
      },
      source,
    ),
  );
  if (rows.length > MAX_ANSWER_POINTS) throw tooManyPoints();
  const grid = bucketGrid(input.from.getTime(), input.to.getTime(), seconds * 1_000);
  const groups = seriesOf(rows);
  if (input.fill !== "none" && groups.length * grid.length > MAX_ANSWER_POINTS) throw tooManyPoints();
  const series: MetricSeries[] = groups.map(({ group, points }) => ({
    group,
    points: fillGaps(input.rate ? perSecondRate(points) : points, grid, input.fill).map((point) => ({
      time: new Date(point.time),
      value: point.value,
    })),
  }));
  return { bucketSeconds: seconds, series };
}
