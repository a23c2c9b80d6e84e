// The points the alert rules benchmark seeds, which its rules are planned against.

/** The metrics every organization writes, each as HOSTS × REGIONS series (dimensions host=h0…, region=r0…). */
export const ALERT_BENCH_METRICS = [
  "http.latency_ms",
  "http.requests",
  "queue.depth",
  "cpu.usage",
  "memory.used_mb",
  "disk.io_ms",
  "orders.created",
  "payments.failed",
  "cache.hit_ratio",
  "jobs.waiting",
] as const;
export const HOSTS = 4;
export const REGIONS = 2;
export const POINT_SPACING_SECONDS = 10;
export const LONGEST_WINDOW_SECONDS = 3_600;

/**
 * A series' value at a tick (its time in seconds over POINT_SPACING_SECONDS) is
 * hostStep·(host+1) + regionStep·region + tick mod cycle: every value of host h lies in
 * [hostStep·(h+1), hostStep·(h+1) + regionStep + cycle − 1], far from the rules' thresholds
 * hostStep·k + hostStep/2, so whether a group holds its condition never depends on where its
 * window starts.
 */
export const SERIES_VALUES = { hostStep: 100, regionStep: 20, cycle: 10 } as const;
