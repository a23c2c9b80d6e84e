import type { MetricAggregate } from "@cauldron/contracts";
import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { PlannedRule } from "./alert-rules-plan";

/** One rule's window as the plain query answers it: the aggregate of each group. */
export interface WindowAggregate {
  values: number[];
}

const AGGREGATES: Record<MetricAggregate, RawBuilder<number>> = {
  avg: sql`avg(metric_value)`,
  min: sql`min(metric_value)`,
  max: sql`max(metric_value)`,
  sum: sql`sum(metric_value)`,
  count: sql`count(*)::float8`,
  first: sql`(min(array[extract(epoch from time)::float8, metric_value]))[2]`,
  last: sql`(max(array[extract(epoch from time)::float8, metric_value]))[2]`,
  p50: sql`percentile_cont(0.5) within group (order by metric_value)`,
  p90: sql`percentile_cont(0.9) within group (order by metric_value)`,
  p95: sql`percentile_cont(0.95) within group (order by metric_value)`,
  p99: sql`percentile_cont(0.99) within group (order by metric_value)`,
};

/**
 * The rule's aggregate over [now − window, now) per group, as one hand-written statement in a
 * transaction of its own as the system role: the query work an evaluation cannot do without.
 */
export async function windowAggregate(
  db: Kysely<Database>,
  rule: PlannedRule,
  organizationId: string,
  now: Date,
): Promise<WindowAggregate> {
  const from = new Date(now.getTime() - rule.window.seconds * 1_000);
  const columns = rule.groupBy.map((key) => sql`dimensions ->> ${key}`);
  const where =
    Object.keys(rule.where).length > 0 ? sql`and dimensions @> ${JSON.stringify(rule.where)}::jsonb` : sql``;
  const grouping = columns.length > 0 ? sql`group by ${sql.join(columns)}` : sql``;
  const { rows } = await withSystem(db, (trx) =>
    sql<{ value: number }>`
      select ${AGGREGATES[rule.aggregate]} as value
      from timeseries.business_metrics
      where organization_id = ${organizationId}::uuid and metric_name = ${rule.metric}
        and time >= ${from} and time < ${now} ${where}
      ${grouping}
    `.execute(trx),
  );
  return { values: rows.map((row) => row.value) };
}

/** Every rule's window aggregate, one statement after another on the same pool, in plan order. */
export async function windowAggregates(
  db: Kysely<Database>,
  rules: readonly PlannedRule[],
  organizationIds: readonly string[],
  now: Date,
): Promise<WindowAggregate[]> {
  const answers: WindowAggregate[] = [];
  for (const rule of rules) answers.push(await windowAggregate(db, rule, organizationIds[rule.organization]!, now));
  return answers;
}
