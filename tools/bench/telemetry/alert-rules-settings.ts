import { z } from "zod";

const settingsSchema = z.object({
  /** Alert rules evaluated by every pass: the issue's figure is for 1,000. */
  BENCH_ALERT_RULES: z.coerce.number().int().min(20).max(20_000).default(1_000),
  /** Organizations the rules and points are spread over. */
  BENCH_ALERT_ORGANIZATIONS: z.coerce.number().int().min(1).max(100).default(10),
  /** Passes after the first, each a minute later, where nothing changes; the fastest counts. */
  BENCH_ALERT_STEADY_PASSES: z.coerce.number().int().min(1).max(20).default(3),
});

/** The alert rules benchmark's sizes. */
export type AlertRulesBenchSettings = z.output<typeof settingsSchema>;

/** Reads the alert rules benchmark's settings from the environment, failing loudly on a bad value. */
export function alertRulesBenchSettings(
  environment: Record<string, string | undefined> = process.env,
): AlertRulesBenchSettings {
  const parsed = settingsSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid alert rules benchmark settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}
