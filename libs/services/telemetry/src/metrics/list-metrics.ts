import type { listMetricsInputSchema, listMetricsOutputSchema } from "@cauldron/contracts";
import type { z } from "zod";
import { metricDimensionValues, metricPointCounts } from "./catalog-queries";
import { metricSource } from "./metric-source";
import type { MetricsReader } from "./query-metrics";

type ListInput = z.infer<typeof listMetricsInputSchema>;
type ListOutput = z.infer<typeof listMetricsOutputSchema>;

/** The metric names written in a range with their point counts and, for a named metric, its dimensions. */
export function listMetrics(caller: Omit<MetricsReader, "db">, input: ListInput): Promise<ListOutput> {
  const source = metricSource({ organizationId: caller.organizationId, kind: input.kind, agentId: input.agentId });
  const range = { from: input.from, to: input.to };
  return caller.tenant(async (trx) => {
    const names = await metricPointCounts(trx, source, range, input.prefix, input.limit + 1);
    const dimensions = input.metric ? await metricDimensionValues(trx, source, input.metric, range) : null;
    return { metrics: names.slice(0, input.limit), truncated: names.length > input.limit, dimensions };
  });
}
