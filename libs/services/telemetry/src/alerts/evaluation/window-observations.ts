import type { MetricAggregate, MetricKind } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { metricSource } from "../../metrics/metric-source";
import { aggregateBuckets } from "../../metrics/series-queries";
import type { DueRule } from "./due-rules";
import type { GroupObservation } from "./rule-transitions";

/** Most groups one rule follows; a window holding more is read in part and said to be incomplete. */
export const MAX_GROUPS_PER_RULE = 1_000;

/** The groups of a rule's window, each with its aggregate, and whether every group was read. */
export interface WindowObservations {
  observations: GroupObservation[];
  complete: boolean;
}

/** A group's identity: its dimensions in key order, so the same group always gets the same key. */
export function groupKey(group: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function whereOf(rule: DueRule): Record<string, string> | undefined {
  const where = rule.where_dimensions as Record<string, string>;
  return Object.keys(where).length > 0 ? where : undefined;
}

/**
 * The rule's aggregate over [now - window, now) per group, from raw rows (the window is the unsettled
 * tail rollups do not hold yet). Without groupBy, a count over an empty window is 0, so a rule can
 * alert on points that stopped arriving; every other aggregate of nothing is no value at all.
 */
export async function windowObservations(
  trx: Transaction<Database>,
  rule: DueRule,
  now: Date,
): Promise<WindowObservations> {
  const from = new Date(now.getTime() - rule.window_seconds * 1_000);
  const rows = await aggregateBuckets(
    trx,
    metricSource({ organizationId: rule.organization_id, kind: rule.metric_kind as MetricKind }),
    {
      metric: rule.metric_name,
      from,
      to: now,
      // One bucket spanning the whole window.
      bucketSeconds: rule.window_seconds,
      bucketStart: sql<Date>`${from}::timestamptz`,
      aggregate: rule.aggregate as MetricAggregate,
      groupBy: rule.group_by,
      where: whereOf(rule),
      limit: MAX_GROUPS_PER_RULE + 1,
    },
  );
  const observations = rows
    .slice(0, MAX_GROUPS_PER_RULE)
    .map((row) => ({ key: groupKey(row.group), group: row.group, value: Number(row.value) }));
  if (observations.length === 0 && rule.group_by.length === 0 && rule.aggregate === "count") {
    observations.push({ key: groupKey({}), group: {}, value: 0 });
  }
  return { observations, complete: rows.length <= MAX_GROUPS_PER_RULE };
}
