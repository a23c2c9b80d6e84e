import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { PrometheusSample } from "./prometheus-text";

// Each statement sends four arrays whatever its row count; chunks keep one statement's arrays modest.
const ROWS_PER_STATEMENT = 5_000;

/**
 * Stores one scrape of one host in timeseries.system_metrics, every sample at the scrape's time
 * with its labels as tags; returns how many rows. The table is platform-wide: call it as the
 * system role (withSystem).
 */
export async function storeSystemSamples(
  trx: Transaction<Database>,
  scrape: { host: string; time: Date; samples: readonly PrometheusSample[] },
): Promise<number> {
  for (let start = 0; start < scrape.samples.length; start += ROWS_PER_STATEMENT) {
    const chunk = scrape.samples.slice(start, start + ROWS_PER_STATEMENT);
    await sql`
      insert into timeseries.system_metrics (time, host, metric_name, metric_value, tags)
      select ${scrape.time}::timestamptz, ${scrape.host}, sample.name, sample.value, sample.tags
      from unnest(${chunk.map((sample) => sample.name)}::text[], ${chunk.map((sample) => sample.value)}::float8[],
        ${chunk.map((sample) => JSON.stringify(sample.labels))}::jsonb[]) as sample(name, value, tags)
    `.execute(trx);
  }
  return scrape.samples.length;
}
