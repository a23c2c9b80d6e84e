import type { Redis } from "ioredis";
import { z } from "zod";

const GAUGE_LINE = /^cauldron_event_dead_letters(?:\{[^}]*\})?\s+(\S+)/m;
const countSchema = z.coerce.number().int().nonnegative();

/** Where the dead-letter count is read: a running service's /metrics, or the stream its gauge measures. */
export type DeadLetterGaugeSource = { metricsUrl: string } | { redis: Redis; deadLetterKey: string };

/**
 * The dead-letter count as /metrics reports it (`cauldron_event_dead_letters`, XLEN of the
 * deployment's dead-letter stream); null when the service does not answer or shows no such gauge.
 */
export async function readDeadLetterGauge(source: DeadLetterGaugeSource): Promise<number | null> {
  if (!("metricsUrl" in source)) return source.redis.xlen(source.deadLetterKey);
  try {
    const response = await fetch(source.metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return null;
    const sample = GAUGE_LINE.exec(await response.text());
    const parsed = countSchema.safeParse(sample?.[1]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
