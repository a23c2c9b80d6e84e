import { z } from "zod";

const settingsSchema = z.object({
  /** Points every path writes: the same rows each time. */
  BENCH_TELEMETRY_POINTS: z.coerce.number().int().min(10_000).max(10_000_000).default(1_000_000),
  /** Concurrent callers of each path (telemetry.metrics.write, and the InfluxDB client). */
  BENCH_TELEMETRY_CALLERS: z.coerce.number().int().min(1).max(16).default(4),
  /** Points per telemetry.metrics.write call; the procedure takes at most 10,000. */
  BENCH_TELEMETRY_BATCH: z.coerce.number().int().min(100).max(10_000).default(10_000),
  /** Points per line protocol request (the InfluxDB client's batchSize). */
  BENCH_TELEMETRY_LINE_BATCH: z.coerce.number().int().min(100).max(50_000).default(10_000),
  /** How many times each path runs; the fastest run counts. */
  BENCH_TELEMETRY_ROUNDS: z.coerce.number().int().min(1).max(10).default(1),
  /**
   * A folder where the service writes a CPU profile of the whole run (ingest-service.cpuprofile)
   * and where its summary is printed from; a profiled run's figures carry the profiler's cost.
   */
  BENCH_TELEMETRY_PROFILE: z.string().min(1).optional(),
});

/** The ingest benchmark's sizes, concurrency and profiling. */
export type IngestBenchSettings = z.output<typeof settingsSchema>;

/** Reads the ingest benchmark's settings from the environment, failing loudly on a bad value. */
export function ingestBenchSettings(
  environment: Record<string, string | undefined> = process.env,
): IngestBenchSettings {
  const parsed = settingsSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid telemetry ingest benchmark settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** Prints a progress line to stderr, so a long run never looks hung and the table stays on stdout. */
export const progress = (text: string) => process.stderr.write(`        ${text}\n`);

/** A count as people read it: 1,000,000. */
export const countLabel = (count: number) => Math.round(count).toLocaleString("en-US");
