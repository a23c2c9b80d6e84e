import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { CHART_DIR } from "./helm-chart";

export const SERVICES = ["auth", "org", "lore", "vector", "telemetry", "storage"] as const;

const serviceValues = z.object({
  enabled: z.boolean(),
  port: z.number().int(),
  replicaCount: z.number().int(),
  autoscaling: z.object({ enabled: z.boolean(), minReplicas: z.number().int(), maxReplicas: z.number().int() }),
  ingress: z.object({ enabled: z.boolean(), paths: z.array(z.string()) }),
});

/** The values the chart tests compare rendered objects with. */
const chartValuesSchema = z.object({
  services: z.object(
    Object.fromEntries(SERVICES.map((name) => [name, serviceValues])) as Record<
      (typeof SERVICES)[number],
      typeof serviceValues
    >,
  ),
  ingress: z.object({ enabled: z.boolean(), rewrite: z.enum(["nginx", "none"]) }),
  networkPolicy: z.object({ extraFrom: z.array(z.unknown()) }),
  serviceMonitor: z.object({ enabled: z.boolean() }),
});

export type ChartValues = z.infer<typeof chartValuesSchema>;

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// Helm's coalescing: maps merge key by key, anything else replaces, and null deletes the key.
function coalesce(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    else merged[key] = coalesce(base[key], value);
  }
  return merged;
}

const readValues = (file: string): unknown => parse(readFileSync(path.resolve(CHART_DIR, file), "utf8"));

/** The chart's values.yaml with these values files laid over it, in order, as Helm coalesces them. */
export function coalescedValues(valuesFiles: string[] = []): ChartValues {
  const values = valuesFiles.reduce((merged, file) => coalesce(merged, readValues(file)), readValues("values.yaml"));
  return chartValuesSchema.parse(values);
}
