import { z } from "zod";

/** The time-series tables with a retention policy (timeseries.retention_policies, migration 0026). */
export const RETENTION_TABLES = [
  "system_metrics",
  "business_metrics",
  "agent_metrics",
  "user_activity",
  "events",
  "alerts",
  "anomalies",
  "forecasts",
  "metric_rollups_1m",
  "metric_rollups_1h",
  "metric_rollups_1d",
] as const;

export type RetentionTable = (typeof RETENTION_TABLES)[number];

/** How long an operator wants one table kept: a Postgres interval such as "90 days", or null for good. */
export interface RetentionOverride {
  table: RetentionTable;
  keepFor: string | null;
}

const UNITS = { h: { name: "hours", hours: 1 }, d: { name: "days", hours: 24 }, w: { name: "weeks", hours: 168 } };
const DURATION = /^(\d{1,7})([hdw])$/;
const LONGEST_HOURS = 100 * 366 * 24;
const ENTRY_HINT = "table=<number><h|d|w> or table=forever, e.g. business_metrics=90d";

const isRetentionTable = (name: string): name is RetentionTable =>
  (RETENTION_TABLES as readonly string[]).includes(name);

/** The override one `table=duration` entry asks for, or what is wrong with it. */
export function readRetentionEntry(entry: string): RetentionOverride | string {
  const separator = entry.indexOf("=");
  if (separator < 0) return `"${entry}" is not ${ENTRY_HINT}`;
  const table = entry.slice(0, separator).trim();
  const duration = entry.slice(separator + 1).trim();
  if (!isRetentionTable(table)) return `"${table}" is not a time-series table (one of ${RETENTION_TABLES.join(", ")})`;
  if (duration === "forever") return { table, keepFor: null };
  const match = DURATION.exec(duration);
  if (!match) return `${table}: "${duration}" is not a duration (${ENTRY_HINT})`;
  const amount = Number(match[1]);
  const unit = UNITS[match[2] as keyof typeof UNITS];
  if (amount === 0) return `${table}: keep rows for longer than 0, or write "forever"`;
  if (amount * unit.hours > LONGEST_HOURS) return `${table}: ${duration} is longer than 100 years; write "forever"`;
  return { table, keepFor: `${amount} ${unit.name}` };
}

/**
 * `TELEMETRY_RETENTION`: comma-separated `table=duration` entries overriding the seeded retention
 * policies, e.g. `business_metrics=90d,metric_rollups_1m=30d,alerts=forever`; empty keeps the
 * policies as they are. An unknown table, a bad duration or a table named twice is refused with a
 * message naming the entry.
 */
export const retentionOverridesSetting = z
  .string()
  .default("")
  .transform((value, context) => {
    const overrides: RetentionOverride[] = [];
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    for (const entry of entries) {
      const override = readRetentionEntry(entry);
      if (typeof override === "string") context.addIssue({ code: "custom", message: override });
      else if (overrides.some((known) => known.table === override.table))
        context.addIssue({ code: "custom", message: `${override.table} is named twice` });
      else overrides.push(override);
    }
    return overrides;
  });
