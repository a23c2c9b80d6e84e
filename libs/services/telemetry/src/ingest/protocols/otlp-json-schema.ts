import { z } from "zod";

// Protobuf's JSON mapping: 64-bit integers as decimal strings (numbers accepted), doubles as
// numbers or the strings "NaN", "Infinity", "-Infinity", and null wherever a default would do.
const FLOAT_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const uint64 = z
  .union([z.string().regex(/^\d{1,20}$/), z.number().nonnegative()])
  .transform((value) => (typeof value === "string" ? BigInt(value) : BigInt(Math.trunc(value))));
const int64 = z
  .union([z.string().regex(/^-?\d{1,20}$/), z.number().refine(Number.isInteger, "expected an integer")])
  .transform((value) => BigInt(value));
const double = z.union([
  z.number(),
  z.enum(["NaN", "Infinity", "-Infinity"]).transform(Number),
  z.string().regex(FLOAT_TEXT).transform(Number),
]);

// Array, key-value list and bytes values are not named here, so they are dropped unread.
const anyValue = z.object({
  stringValue: z.string().nullish(),
  boolValue: z.boolean().nullish(),
  intValue: int64.nullish(),
  doubleValue: double.nullish(),
});
const attributes = z.array(z.object({ key: z.string(), value: anyValue.nullish() })).nullish();

const dataPoint = z.object({
  attributes,
  timeUnixNano: uint64.nullish(),
  asDouble: double.nullish(),
  asInt: int64.nullish(),
  count: uint64.nullish(),
  sum: double.nullish(),
});
const metricData = z.object({ dataPoints: z.array(dataPoint).nullish() }).nullish();

const metric = z.object({
  name: z.string().nullish(),
  gauge: metricData,
  sum: metricData,
  histogram: metricData,
  exponentialHistogram: metricData,
  summary: metricData,
});

/** The parts of an OTLP/JSON `ExportMetricsServiceRequest` that points are made of. */
export const exportMetricsRequestSchema = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: z.object({ attributes }).nullish(),
        scopeMetrics: z.array(z.object({ metrics: z.array(metric).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

export type JsonAttributes = z.infer<typeof attributes>;
export type JsonDataPoint = z.infer<typeof dataPoint>;
export type JsonMetric = z.infer<typeof metric>;
