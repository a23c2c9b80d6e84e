import { z } from "zod";

const settingsSchema = z.object({
  /** Raw points loaded and rolled up: the issue's figure is for 10 million. */
  BENCH_ROLLUP_ROWS: z.coerce.number().int().min(10_000).max(100_000_000).default(10_000_000),
  /** Metrics of the one organization, each with BENCH_ROLLUP_SERIES series (stores). */
  BENCH_ROLLUP_METRICS: z.coerce.number().int().min(1).max(100).default(20),
  BENCH_ROLLUP_SERIES: z.coerce.number().int().min(1).max(50).default(5),
  /** Days the points span, ending at the last whole hour; the query covers them all. */
  BENCH_ROLLUP_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Pending minutes per rollup transaction, as TELEMETRY_ROLLUP_BATCH_SIZE sets for the job. */
  BENCH_ROLLUP_BATCH: z.coerce.number().int().min(1).max(50_000).default(1_000),
  /** Timed turns of each query on each side; the median counts. */
  BENCH_ROLLUP_QUERY_ROUNDS: z.coerce.number().int().min(1).max(50).default(5),
});

/** The rollups benchmark's sizes. */
export type RollupBenchSettings = z.output<typeof settingsSchema>;

/** Reads the rollups benchmark's settings from the environment, failing loudly on a bad value. */
export function rollupBenchSettings(
  environment: Record<string, string | undefined> = process.env,
): RollupBenchSettings {
  const parsed = settingsSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid rollups benchmark settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}
