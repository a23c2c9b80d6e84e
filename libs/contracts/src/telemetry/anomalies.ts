import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { metricAggregateSchema, metricKindSchema, metricNameSchema, parseBucketSeconds } from "./metrics";
import { boundedStringMapSchema } from "./string-map";

/** How a detector judges its series: a rolling median/MAD, or the same against past seasons. */
export const anomalyDetectorMethodSchema = z.enum(["mad", "seasonal_mad"]);
export type AnomalyDetectorMethod = z.infer<typeof anomalyDetectorMethodSchema>;

export const anomalySeveritySchema = z.enum(["info", "warning", "error", "critical"]);
export type AnomalySeverity = z.infer<typeof anomalySeveritySchema>;

/** The widest bucket a detector may watch: one day. */
export const MAX_DETECTOR_BUCKET_SECONDS = 86_400;

const DETECTOR_BUCKET_HINT =
  "bucket is a whole number of seconds, minutes, hours or days from 1 second to 1 day, such as '5 minutes'";

const detectorBucketSchema = z
  .string()
  .max(40)
  .refine((text) => {
    const seconds = parseBucketSeconds(text);
    return seconds !== undefined && seconds >= 1 && seconds <= MAX_DETECTOR_BUCKET_SECONDS;
  }, DETECTOR_BUCKET_HINT);

const detectorNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(200, "name is at most 200 characters");

const detectorWhereSchema = boundedStringMapSchema("where", 16);

/**
 * A detector's tuning; each method takes its own keys and checks their ranges (window, threshold
 * and cooldown for both; seasonLength and seasons for seasonal_mad only). Left out, a key takes
 * its default.
 */
export const anomalyDetectorParametersInputSchema = z
  .object({
    /** Points of history judged against: 8 to 20000 (default 60). */
    window: z.int().optional(),
    /** Robust deviations at which a point is flagged (default 3.5). */
    threshold: z.number().optional(),
    /** Points after an alert during which further flags raise none (default 0). */
    cooldown: z.int().optional(),
    /** Points per season; read from the series when left out. */
    seasonLength: z.int().optional(),
    /** Past seasons compared with: 1 to 10 (default 3). */
    seasons: z.int().optional(),
  })
  .strict();
export type AnomalyDetectorParametersInput = z.infer<typeof anomalyDetectorParametersInputSchema>;

const detectorFields = {
  name: detectorNameSchema,
  kind: metricKindSchema,
  /** The metric the detector watches. */
  metric: metricNameSchema,
  /** Only points whose dimensions hold all of these values; `{}` watches every point. */
  where: detectorWhereSchema,
  /** How each bucket's points become one value of the watched series. */
  aggregate: metricAggregateSchema,
  /** Width of each bucket, such as '5 minutes'. */
  bucket: detectorBucketSchema,
  method: anomalyDetectorMethodSchema,
  parameters: anomalyDetectorParametersInputSchema,
  /** Open an alert when an anomaly starts an episode. */
  raiseAlerts: z.boolean(),
  alertSeverity: anomalySeveritySchema,
  enabled: z.boolean(),
};

export const createAnomalyDetectorInputSchema = z
  .object({
    ...detectorFields,
    kind: detectorFields.kind.default("business"),
    where: detectorFields.where.default({}),
    aggregate: detectorFields.aggregate.default("avg"),
    parameters: detectorFields.parameters.default({}),
    raiseAlerts: detectorFields.raiseAlerts.default(false),
    alertSeverity: detectorFields.alertSeverity.default("warning"),
    enabled: detectorFields.enabled.default(true),
  })
  .strict();
export type CreateAnomalyDetectorInput = z.infer<typeof createAnomalyDetectorInputSchema>;

/**
 * Changes some of a detector's settings. Parameters replace the stored ones as a whole; a new
 * method without parameters starts from that method's defaults. Buckets already judged are not
 * judged again.
 */
export const updateAnomalyDetectorInputSchema = z
  .object({ id: idSchema, ...z.object(detectorFields).partial().shape })
  .strict()
  .refine((input) => Object.keys(input).some((key) => key !== "id"), "give at least one setting to change");
export type UpdateAnomalyDetectorInput = z.infer<typeof updateAnomalyDetectorInputSchema>;

export const anomalyDetectorIdInputSchema = z.object({ id: idSchema }).strict();

export const listAnomalyDetectorsInputSchema = pageInputSchema
  .extend({
    /** Only detectors watching this metric. */
    metric: metricNameSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type ListAnomalyDetectorsInput = z.infer<typeof listAnomalyDetectorsInputSchema>;

/** A detector's tuning with every default filled in. */
export const anomalyDetectorParametersSchema = z.object({
  window: z.number().int(),
  threshold: z.number(),
  cooldown: z.number().int(),
  seasonLength: z.number().int().optional(),
  seasons: z.number().int().optional(),
});

export const anomalyDetectorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: metricKindSchema,
  metric: z.string(),
  where: z.record(z.string(), z.string()),
  aggregate: metricAggregateSchema,
  bucketSeconds: z.number().int().positive(),
  method: anomalyDetectorMethodSchema,
  parameters: anomalyDetectorParametersSchema,
  raiseAlerts: z.boolean(),
  alertSeverity: anomalySeveritySchema,
  enabled: z.boolean(),
  /** The end of the last bucket judged; null until the first run. */
  checkedUntil: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AnomalyDetectorRecord = z.infer<typeof anomalyDetectorSchema>;

export const anomalyDetectorPageSchema = pageSchema(anomalyDetectorSchema);
export const deletedAnomalyDetectorSchema = z.object({ id: z.string() });

export const listAnomaliesInputSchema = pageInputSchema
  .extend({
    detectorId: idSchema.optional(),
    metric: metricNameSchema.optional(),
    /** Buckets starting at or after this. */
    from: z.date().optional(),
    /** Buckets starting before this. */
    to: z.date().optional(),
    /** Only anomalies of this severity. */
    severity: anomalySeveritySchema.optional(),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.from && input.to && input.from >= input.to) {
      context.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    }
  });
export type ListAnomaliesInput = z.infer<typeof listAnomaliesInputSchema>;

/** One anomalous bucket: what the history expected there and what came. */
export const anomalySchema = z.object({
  id: z.string(),
  /** The detector that found it; null for anomalies recorded another way. */
  detectorId: z.string().nullable(),
  metric: z.string(),
  /** The start of the bucket. */
  time: z.date(),
  expectedValue: z.number().nullable(),
  actualValue: z.number(),
  /** (actual − expected) as a percentage of |expected|; null when expected is 0. */
  deviationPercent: z.number().nullable(),
  severity: anomalySeveritySchema,
  /** |actual − expected| in robust standard deviations of the history. */
  score: z.number().nullable(),
  method: anomalyDetectorMethodSchema.nullable(),
});
export type Anomaly = z.infer<typeof anomalySchema>;

export const anomalyPageSchema = pageSchema(anomalySchema);
