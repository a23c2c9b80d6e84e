import { ConfigError } from "@cauldron/config";
import { describe, expect, it } from "vitest";
import { retentionJobOptions } from "./retention-config";

function problemsOf(retention: string): string[] {
  try {
    retentionJobOptions({ TELEMETRY_RETENTION: retention });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  throw new Error("the setting was accepted");
}

describe("TELEMETRY_RETENTION", () => {
  it("reads table=duration entries in hours, days or weeks, and 'forever'", () => {
    const config = retentionJobOptions({
      TELEMETRY_RETENTION: " business_metrics=90d, metric_rollups_1m = 36h,alerts=forever,events=2w,",
    });
    expect(config.overrides).toEqual([
      { table: "business_metrics", keepFor: "90 days" },
      { table: "metric_rollups_1m", keepFor: "36 hours" },
      { table: "alerts", keepFor: null },
      { table: "events", keepFor: "2 weeks" },
    ]);
  });

  it("overrides nothing when unset or empty", () => {
    expect(retentionJobOptions({}).overrides).toEqual([]);
    expect(retentionJobOptions({ TELEMETRY_RETENTION: "" }).overrides).toEqual([]);
  });

  it.each([
    ["orders=90d", 'TELEMETRY_RETENTION: "orders" is not a time-series table (one of system_metrics, business_metrics'],
    ["retention_policies=1d", '"retention_policies" is not a time-series table'],
    ["business_metrics", '"business_metrics" is not table=<number><h|d|w> or table=forever'],
    ["business_metrics=90", 'business_metrics: "90" is not a duration'],
    ["business_metrics=3 months", 'business_metrics: "3 months" is not a duration'],
    ["business_metrics=-1d", 'business_metrics: "-1d" is not a duration'],
    ["business_metrics=1.5d", 'business_metrics: "1.5d" is not a duration'],
    ["business_metrics=0d", 'business_metrics: keep rows for longer than 0, or write "forever"'],
    ["business_metrics=9999w", 'business_metrics: 9999w is longer than 100 years; write "forever"'],
    ["alerts=forever,alerts=30d", "alerts is named twice"],
  ])("refuses %j with a message naming the entry", (retention, message) => {
    const problems = problemsOf(retention);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("names every bad entry at once", () => {
    expect(problemsOf("orders=1d,events=1y,alerts=forever")).toEqual([
      'TELEMETRY_RETENTION: "orders" is not a time-series table (one of system_metrics, business_metrics, agent_metrics, user_activity, events, alerts, anomalies, forecasts, metric_rollups_1m, metric_rollups_1h, metric_rollups_1d)',
      'TELEMETRY_RETENTION: events: "1y" is not a duration (table=<number><h|d|w> or table=forever, e.g. business_metrics=90d)',
    ]);
  });
});
