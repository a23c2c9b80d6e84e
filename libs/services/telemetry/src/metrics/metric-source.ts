import type { MetricKind } from "@cauldron/contracts";
import { sql, type RawBuilder } from "kysely";

/** Whose metrics a read covers: one organization's business metrics, or its agent metrics (of one agent). */
export interface MetricScope {
  organizationId: string;
  kind: MetricKind;
  agentId?: string | undefined;
}

/** The SQL pieces that read a scope's rows: its table, its dimensions column and the condition confining it. */
export interface MetricSource {
  table: RawBuilder<unknown>;
  dimensions: RawBuilder<unknown>;
  condition: RawBuilder<boolean>;
}

/** Where a scope's points live; agent metrics keep their dimensions in `tags`. */
export function metricSource(scope: MetricScope): MetricSource {
  if (scope.kind === "business") {
    return {
      table: sql`timeseries.business_metrics`,
      dimensions: sql`dimensions`,
      condition: sql<boolean>`organization_id = ${scope.organizationId}::uuid`,
    };
  }
  const agent = scope.agentId === undefined ? sql`` : sql`and agent_id = ${scope.agentId}::uuid`;
  return {
    table: sql`timeseries.agent_metrics`,
    dimensions: sql`tags`,
    condition: sql<boolean>`organization_id = ${scope.organizationId}::uuid ${agent}`,
  };
}
