import { z } from "zod";

const DELIVERIES = "cauldron_consumer_deliveries_total";
const SAMPLE_LINE = /^(\w+)\{([^}]*)\}\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;
const countSchema = z.coerce.number().nonnegative();

/**
 * How many deliveries to `group` the replicas behind `metricsUrls` found already handled (the
 * "duplicate" outcome: delivered again, acknowledged without running the handler). Counters live
 * per process, so a replica restarted since forgot its own: the sum is a lower bound. Null when
 * no replica answered.
 */
export async function countDuplicateDeliveries(metricsUrls: readonly string[], group: string): Promise<number | null> {
  const answers = await Promise.all(
    metricsUrls.map(async (url) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        return response.ok ? duplicatesIn(await response.text(), group) : null;
      } catch {
        return null;
      }
    }),
  );
  const counted = answers.filter((answer): answer is number => answer !== null);
  return counted.length === 0 ? null : counted.reduce((sum, count) => sum + count, 0);
}

function duplicatesIn(exposition: string, group: string): number {
  let total = 0;
  for (const line of exposition.split("\n")) {
    const sample = SAMPLE_LINE.exec(line);
    if (!sample || sample[1] !== DELIVERIES) continue;
    const labels = new Map([...sample[2]!.matchAll(LABEL)].map((match) => [match[1]!, match[2]!]));
    if (labels.get("group") !== group || labels.get("outcome") !== "duplicate") continue;
    const count = countSchema.safeParse(sample[3]);
    if (count.success) total += count.data;
  }
  return total;
}
