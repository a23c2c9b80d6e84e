/** One business metric point as every ingest path writes it. */
export interface IngestBenchPoint {
  metric: string;
  time: Date;
  value: number;
  dimensions: Record<string, string>;
}

// Ten measurements of five fields: fifty metric names, each `measurement.field`, so that line
// protocol, which names a point by measurement and field, writes the very names the others write.
const MEASUREMENTS = [
  "orders",
  "payments",
  "signups",
  "sessions",
  "searches",
  "carts",
  "refunds",
  "invoices",
  "shipments",
  "tickets",
];
const FIELDS = ["count", "amount", "latency_ms", "errors", "retries"];
const REGIONS = ["us-east", "us-west", "eu-west", "ap-south"];
const PLANS = ["free", "pro", "team"];
const CHANNELS = ["web", "ios", "android"];

/** The fifty metric names the points use. */
export const INGEST_BENCH_METRICS = MEASUREMENTS.flatMap((measurement) =>
  FIELDS.map((field) => `${measurement}.${field}`),
);

const DAY_MS = 86_400_000;
// Clear of the present, so no point comes near the service's limit on times in the future.
const LATEST_POINT_AGE_MS = 60_000;

// mulberry32: a small seeded generator, so every run and every path writes the same rows.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(choices: readonly T[], random: () => number): T => choices[Math.floor(random() * choices.length)]!;

function valueOf(field: string, random: () => number): number {
  if (field === "amount") return Math.round(random() * 50_000) / 100;
  if (field === "latency_ms") return Math.round(random() * 2_000_000) / 1_000;
  return Math.floor(random() * 100);
}

/**
 * `count` points spread evenly in time over the day before `now` (oldest first, as a collector
 * sends them), cycling through the fifty metrics, each with a region and a plan, and a channel for
 * every third measurement; whole counts, amounts in cents, latencies in microseconds.
 */
export function ingestBenchPoints(count: number, now: Date, seed = 12): IngestBenchPoint[] {
  const random = seededRandom(seed);
  const end = now.getTime() - LATEST_POINT_AGE_MS;
  const start = end - DAY_MS;
  const points: IngestBenchPoint[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const metricIndex = index % INGEST_BENCH_METRICS.length;
    const measurementIndex = Math.floor(metricIndex / FIELDS.length);
    const dimensions: Record<string, string> = { region: pick(REGIONS, random), plan: pick(PLANS, random) };
    if (measurementIndex % 3 === 0) dimensions.channel = pick(CHANNELS, random);
    points[index] = {
      metric: INGEST_BENCH_METRICS[metricIndex]!,
      time: new Date(start + Math.floor((index * DAY_MS) / count)),
      value: valueOf(FIELDS[metricIndex % FIELDS.length]!, random),
      dimensions,
    };
  }
  return points;
}
