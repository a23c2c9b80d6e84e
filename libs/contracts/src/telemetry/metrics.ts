import { z } from "zod";
import { idSchema } from "../common/identifiers";

/** A metric name: a letter or `_`, then letters, digits, `_ . : -`; at most 200 characters. */
export const METRIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,199}$/;
export const METRIC_NAME_RULE =
  "metric names start with a letter or _ and hold letters, digits and _ . : - (at most 200)";

/** Most points one `telemetry.metrics.write` takes. */
export const MAX_WRITE_POINTS = 10_000;

/** Body limit of `telemetry.metrics.write`: 10,000 points of about 3 kB of JSON each. */
export const WRITE_METRICS_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** Most buckets one query may span, and the widest bucket: 365 days. */
export const MAX_QUERY_BUCKETS = 10_000;
export const MAX_BUCKET_SECONDS = 365 * 24 * 3_600;

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };
const BUCKET_PATTERN = /^(\d{1,9}) *(s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|weeks?)$/i;
const BUCKET_HINT =
  "bucket is a whole number of seconds, minutes, hours, days or weeks, such as '1 hour' or '5 minutes'";

/** The width in seconds of a bucket such as `1 hour` or `15 minutes`, or undefined when it is not one. */
export function parseBucketSeconds(text: string): number | undefined {
  const match = BUCKET_PATTERN.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const unit = match[2].toLowerCase();
  return Number(match[1]) * (SECONDS_PER_UNIT[unit[0] ?? ""] ?? Number.NaN);
}

/** Where metrics live: organization-wide business metrics, or the metrics of one agent's runs. */
export const metricKindSchema = z.enum(["agent", "business"]);
export type MetricKind = z.infer<typeof metricKindSchema>;

export const metricNameSchema = z.string().regex(METRIC_NAME_PATTERN, METRIC_NAME_RULE);

const dimensionKeySchema = z.string().min(1).max(128);

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) && Object.values(value).every((v) => typeof v === "string")
  );
}

/** Dimensions as an object of strings with at most `maxEntries` keys; finer limits are the service's point rules. */
function dimensionsSchema(maxEntries: number, label: string) {
  return z
    .custom<Record<string, string>>(isStringRecord, { error: `${label} must be an object of strings` })
    .refine((value) => Object.keys(value).length <= maxEntries, `${label} holds at most ${maxEntries} keys`);
}

// The range of a JavaScript Date, in milliseconds either side of the Unix epoch.
const DATE_RANGE_MS = 8.64e15;

/**
 * A point's time: a Date, or milliseconds since the Unix epoch. A number travels as itself, where
 * each Date costs superjson a path entry of its own; for bulk writes that is most of the encoding.
 */
const pointTimeSchema = z.union([
  z.date(),
  z
    .number()
    .int("time in epoch milliseconds must be a whole number")
    .min(-DATE_RANGE_MS)
    .max(DATE_RANGE_MS)
    .transform((milliseconds) => new Date(milliseconds)),
]);

export const metricPointSchema = z
  .object({
    // Long enough to reach the point rules, which say what a name may be.
    metric: z.string().max(1_000),
    time: pointTimeSchema,
    // Any number, so that NaN and infinities reach the service's point rules and are named there.
    value: z.custom<number>((value) => typeof value === "number", "value must be a number"),
    dimensions: dimensionsSchema(1_000, "dimensions").optional(),
  })
  .strict();
export type MetricPoint = z.infer<typeof metricPointSchema>;

/** An explicit kind, or agent metrics when an agent is named and business metrics otherwise. */
function withKind<T extends { kind?: MetricKind | undefined; agentId?: string | undefined }>(input: T) {
  return { ...input, kind: input.kind ?? (input.agentId === undefined ? "business" : "agent") } as T & {
    kind: MetricKind;
  };
}

export const writeMetricsInputSchema = z
  .object({
    kind: metricKindSchema.optional(),
    /** The agent the points describe; required for agent metrics. */
    agentId: idSchema.optional(),
    executionId: idSchema.optional(),
    points: z.array(metricPointSchema).min(1).max(MAX_WRITE_POINTS, `at most ${MAX_WRITE_POINTS} points per call`),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.kind === "agent" && input.agentId === undefined) {
      context.addIssue({ code: "custom", path: ["agentId"], message: "agent metrics name their agentId" });
    }
    if (input.kind !== "agent" && input.agentId === undefined && input.executionId !== undefined) {
      context.addIssue({ code: "custom", path: ["agentId"], message: "an executionId comes with its agentId" });
    }
    if (input.kind === "business" && (input.agentId !== undefined || input.executionId !== undefined)) {
      context.addIssue({ code: "custom", path: ["kind"], message: "agentId and executionId go with kind 'agent'" });
    }
  })
  .transform(withKind);

export const writeMetricsOutputSchema = z.object({ written: z.number().int().nonnegative() });

export const metricAggregateSchema = z.enum([
  "avg",
  "min",
  "max",
  "sum",
  "count",
  "first",
  "last",
  "p50",
  "p90",
  "p95",
  "p99",
]);
export type MetricAggregate = z.infer<typeof metricAggregateSchema>;

/** What an empty bucket shows: nothing, null, the last value before it, or a straight line between its neighbours. */
export const gapFillSchema = z.enum(["none", "null", "previous", "linear"]);
export type GapFill = z.infer<typeof gapFillSchema>;

// Reads name a range, and an agent only among agent metrics.
const rangeAndScope = <T extends { from: Date; to: Date; kind?: MetricKind | undefined; agentId?: string | undefined }>(
  input: T,
  context: z.RefinementCtx,
) => {
  if (input.from >= input.to) context.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
  if (input.kind === "business" && input.agentId !== undefined) {
    context.addIssue({ code: "custom", path: ["kind"], message: "agentId goes with kind 'agent'" });
  }
};

export const queryMetricsInputSchema = z
  .object({
    kind: metricKindSchema.optional(),
    /** Agent metrics of this agent only; every agent's when absent. */
    agentId: idSchema.optional(),
    metric: metricNameSchema,
    from: z.date(),
    /** Exclusive. */
    to: z.date(),
    /** Width of each bucket, e.g. `1 hour`; read as whole seconds. */
    bucket: z
      .string()
      .max(40)
      .refine((text) => parseBucketSeconds(text) !== undefined, BUCKET_HINT),
    aggregate: metricAggregateSchema,
    /** One series per combination of these dimensions' values. */
    groupBy: z.array(dimensionKeySchema).max(8).default([]),
    /** Only points whose dimensions hold all of these values. */
    where: dimensionsSchema(16, "where")
      .refine(
        (value) => Object.entries(value).every(([key, text]) => key.length <= 128 && text.length <= 1_024),
        "where keys are at most 128 characters and values at most 1024",
      )
      .optional(),
    fill: gapFillSchema.default("none"),
    /** Per-second increase between buckets, a decrease read as a counter reset. */
    rate: z.boolean().default(false),
  })
  .strict()
  .superRefine((input, context) => {
    rangeAndScope(input, context);
    const seconds = parseBucketSeconds(input.bucket);
    if (seconds === undefined) return context.addIssue({ code: "custom", path: ["bucket"], message: BUCKET_HINT });
    if (seconds < 1 || seconds > MAX_BUCKET_SECONDS) {
      return context.addIssue({ code: "custom", path: ["bucket"], message: "bucket is between 1 second and 365 days" });
    }
    if ((input.to.getTime() - input.from.getTime()) / (seconds * 1_000) > MAX_QUERY_BUCKETS) {
      context.addIssue({
        code: "custom",
        path: ["bucket"],
        message: `the range spans more than ${MAX_QUERY_BUCKETS} buckets; widen the bucket or narrow the range`,
      });
    }
  })
  .transform(withKind);
export type QueryMetricsInput = z.infer<typeof queryMetricsInputSchema>;

export const metricSeriesSchema = z.object({
  /** The groupBy dimensions' values; a dimension a point lacks is left out. */
  group: z.record(z.string(), z.string()),
  points: z.array(z.object({ time: z.date(), value: z.number().nullable() })),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const queryMetricsOutputSchema = z.object({
  bucketSeconds: z.number().int().positive(),
  series: z.array(metricSeriesSchema),
});

export const listMetricsInputSchema = z
  .object({
    kind: metricKindSchema.optional(),
    agentId: idSchema.optional(),
    from: z.date(),
    to: z.date(),
    /** Only names starting with this. */
    prefix: z.string().max(200).optional(),
    /** Also list this metric's dimension keys and values. */
    metric: metricNameSchema.optional(),
    limit: z.number().int().min(1).max(1_000).default(200),
  })
  .strict()
  .superRefine(rangeAndScope)
  .transform(withKind);

export const metricDimensionSchema = z.object({
  key: z.string(),
  values: z.array(z.string()),
  /** More values exist than are listed. */
  truncated: z.boolean(),
});

export const listMetricsOutputSchema = z.object({
  metrics: z.array(z.object({ name: z.string(), points: z.number().int().nonnegative() })),
  /** More names exist than `limit`. */
  truncated: z.boolean(),
  /** The dimensions of `metric` among its latest points in the range; null when no metric was named. */
  dimensions: z
    .object({
      keys: z.array(metricDimensionSchema),
      /** More keys exist than are listed. */
      truncated: z.boolean(),
    })
    .nullable(),
});
