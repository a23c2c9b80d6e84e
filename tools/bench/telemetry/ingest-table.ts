import pg from "pg";
import { z } from "zod";
import type { IngestTenant } from "./ingest-copy-baseline";
import type { IngestBenchPoint } from "./ingest-points";

const tallySchema = z.object({
  rows: z.coerce.number().int(),
  series: z.coerce.number().int(),
  value_sum: z.string().nullable(),
  first_time: z.date().nullable(),
  last_time: z.date().nullable(),
});

/** What an organization's business metrics hold: enough to tell two loads of the same points apart. */
export interface IngestTally {
  rows: number;
  /** Distinct (metric, dimensions) pairs. */
  series: number;
  /** The exact sum of every value, as numeric text. */
  valueSum: string;
  firstTime: number;
  lastTime: number;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "cauldron-bench-ingest" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Empties the table the points go to, and the list of minutes awaiting rollup, so every path starts alike. */
export function emptyIngestTables(ownerUrl: string): Promise<void> {
  return withClient(ownerUrl, async (client) => {
    await client.query("truncate timeseries.business_metrics, timeseries.rollup_pending");
  });
}

/** Tallies the organization's business metrics as the organization sees them (through row-level security). */
export function tallyIngestedRows(appUrl: string, tenant: IngestTenant): Promise<IngestTally> {
  return withClient(appUrl, async (client) => {
    await client.query("begin");
    try {
      await client.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
        tenant.userId,
        tenant.organizationId,
      ]);
      const { rows } = await client.query(`
        select count(*) as rows, count(distinct (metric_name, dimensions)) as series,
          sum(metric_value::numeric)::text as value_sum, min(time) as first_time, max(time) as last_time
        from timeseries.business_metrics`);
      const tally = tallySchema.parse(rows[0]);
      return {
        rows: tally.rows,
        series: tally.series,
        valueSum: tally.value_sum ?? "0",
        firstTime: tally.first_time?.getTime() ?? Number.NaN,
        lastTime: tally.last_time?.getTime() ?? Number.NaN,
      };
    } finally {
      await client.query("commit");
    }
  });
}

/** The tally the points should leave behind, worked out from the points themselves. */
export function expectedTally(points: readonly IngestBenchPoint[]): IngestTally {
  const series = new Set<string>();
  let thousandths = 0;
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const point of points) {
    series.add(`${point.metric} ${JSON.stringify(Object.entries(point.dimensions).sort())}`);
    // Values carry at most three decimals, so their sum in thousandths is exact.
    thousandths += Math.round(point.value * 1_000);
    firstTime = Math.min(firstTime, point.time.getTime());
    lastTime = Math.max(lastTime, point.time.getTime());
  }
  return { rows: points.length, series: series.size, valueSum: (thousandths / 1_000).toFixed(3), firstTime, lastTime };
}

/** Fails unless `actual` holds exactly the expected rows: count, series, values and time span. */
export function checkTally(path: string, actual: IngestTally, expected: IngestTally): void {
  const problems = (["rows", "series", "firstTime", "lastTime"] as const)
    .filter((key) => actual[key] !== expected[key])
    .map((key) => `${key} ${actual[key]} instead of ${expected[key]}`);
  if (Number(actual.valueSum).toFixed(3) !== expected.valueSum) {
    problems.push(`values summing to ${actual.valueSum} instead of ${expected.valueSum}`);
  }
  if (problems.length > 0) throw new Error(`${path} left the wrong rows: ${problems.join(", ")}`);
}
