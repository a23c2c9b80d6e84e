import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { resetMarkerSchema, subscribedMarkerSchema } from "../common/realtime";
import { telemetryEvents } from "./events";
import { metricAggregateSchema, metricKindSchema, metricNameSchema, parseBucketSeconds } from "./metrics";
import { boundedStringMapSchema } from "./string-map";

export const alertSeveritySchema = z.enum(["info", "warning", "error", "critical"]);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export const alertStatusSchema = z.enum(["open", "acknowledged", "resolved"]);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** How a rule compares its window's value with its threshold. */
export const alertConditionSchema = z.enum([">", ">=", "<", "<=", "==", "!="]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

/** The longest window or `for` a rule may have (365 days), and the longest wait between its evaluations (1 day). */
export const MAX_ALERT_RULE_SPAN_SECONDS = 365 * 24 * 3_600;
export const MAX_EVALUATE_EVERY_SECONDS = 24 * 3_600;
/** How far ahead an alert may be silenced: 30 days. */
export const MAX_SILENCE_SECONDS = 30 * 24 * 3_600;

const DURATION_HINT = "a whole number of seconds, minutes, hours, days or weeks, such as '5 minutes' or '0s'";

/** A duration written like a Postgres interval ('5 minutes', '1 hour', '0s'), between `min` and `max` seconds. */
function durationSchema(field: string, min: number, max: number) {
  return z
    .string()
    .max(40)
    .refine((text) => parseBucketSeconds(text) !== undefined, `${field} is ${DURATION_HINT}`)
    .refine((text) => {
      const seconds = parseBucketSeconds(text) ?? min;
      return seconds >= min && seconds <= max;
    }, `${field} is between ${min} and ${max} seconds`);
}

const ruleNameSchema = z.string().trim().min(1, "name must not be empty").max(200);
const descriptionSchema = z.string().max(2_000);

const ruleFields = {
  name: ruleNameSchema,
  description: descriptionSchema.nullable(),
  /** The metric the rule watches. */
  metric: metricNameSchema,
  kind: metricKindSchema,
  aggregate: metricAggregateSchema,
  /** The trailing window aggregated at each evaluation, such as '5 minutes'. */
  window: durationSchema("window", 1, MAX_ALERT_RULE_SPAN_SECONDS),
  /** One alert per combination of these dimensions' values. */
  groupBy: z.array(z.string().min(1).max(128)).max(8),
  /** Only points whose dimensions hold all of these values. */
  where: boundedStringMapSchema("where", 16),
  condition: alertConditionSchema,
  threshold: z.number("threshold must be a finite number"),
  /** How long the condition must hold before the alert fires; '0s' fires at once. */
  for: durationSchema("for", 0, MAX_ALERT_RULE_SPAN_SECONDS),
  severity: alertSeveritySchema,
  /** Copied onto every alert the rule raises. */
  labels: boundedStringMapSchema("labels", 32),
  enabled: z.boolean(),
  evaluateEvery: durationSchema("evaluateEvery", 1, MAX_EVALUATE_EVERY_SECONDS),
};

export const createAlertRuleInputSchema = z
  .object({
    ...ruleFields,
    description: ruleFields.description.optional(),
    kind: ruleFields.kind.default("business"),
    groupBy: ruleFields.groupBy.default([]),
    where: ruleFields.where.default({}),
    for: ruleFields.for.default("0s"),
    severity: ruleFields.severity.default("warning"),
    labels: ruleFields.labels.default({}),
    enabled: ruleFields.enabled.default(true),
    evaluateEvery: ruleFields.evaluateEvery.default("1 minute"),
  })
  .strict();
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleInputSchema>;

export const updateAlertRuleInputSchema = z
  .object({ id: idSchema, ...z.object(ruleFields).partial().shape })
  .strict()
  .refine((input) => Object.keys(input).some((key) => key !== "id"), "give at least one field to change");
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleInputSchema>;

export const alertRuleRefSchema = z.object({ id: idSchema }).strict();

export const listAlertRulesInputSchema = pageInputSchema
  .extend({ enabled: z.boolean().optional(), metric: metricNameSchema.optional() })
  .strict();

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  metric: z.string(),
  kind: metricKindSchema,
  aggregate: metricAggregateSchema,
  /** Durations come back in their plainest unit: '300 seconds' is '5 minutes'. */
  window: z.string(),
  groupBy: z.array(z.string()),
  where: z.record(z.string(), z.string()),
  condition: alertConditionSchema,
  threshold: z.number(),
  for: z.string(),
  severity: alertSeveritySchema,
  labels: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  evaluateEvery: z.string(),
  nextEvaluationAt: z.date(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertRulePageSchema = pageSchema(alertRuleSchema);
export const deletedAlertRuleSchema = z.object({ id: z.string(), resolvedAlerts: z.number().int().nonnegative() });

export const alertSchema = z.object({
  id: z.string(),
  /** When the alert was raised. */
  time: z.date(),
  ruleId: z.string().nullable(),
  /** `threshold` from a rule, `anomaly` from a detector. */
  alertType: z.string(),
  source: z.string(),
  severity: alertSeveritySchema,
  status: alertStatusSchema,
  title: z.string(),
  description: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  details: z.record(z.string(), z.unknown()),
  assignedTo: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  silencedUntil: z.date().nullable(),
  updatedAt: z.date(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertPageSchema = pageSchema(alertSchema);

export const listAlertsInputSchema = pageInputSchema
  .extend({
    status: z.array(alertStatusSchema).min(1).max(3).optional(),
    severity: z.array(alertSeveritySchema).min(1).max(4).optional(),
    ruleId: idSchema.optional(),
    /** Alerts raised at or after this time. */
    from: z.date().optional(),
    /** Alerts raised before this time. */
    to: z.date().optional(),
  })
  .strict()
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    path: ["from"],
    message: "from must be before to",
  });
export type ListAlertsInput = z.infer<typeof listAlertsInputSchema>;

export const alertRefSchema = z.object({ alertId: idSchema }).strict();

export const assignAlertInputSchema = z
  .object({
    alertId: idSchema,
    /** A member of the organization, or null to leave the alert unassigned. */
    userId: idSchema.nullable(),
  })
  .strict();

export const silenceAlertInputSchema = z
  .object({
    alertId: idSchema,
    /** Notifications wait until this time: after now and at most 30 days ahead. */
    until: z.date(),
  })
  .strict();

/** The events `telemetry.onAlert` streams: alerts of one organization as they move through their lifecycle. */
export const ALERT_EVENT_TYPES = [
  "alert.raised",
  "alert.resolved",
  "alert.acknowledged",
  "alert.assigned",
  "alert.silenced",
] as const satisfies readonly (keyof typeof telemetryEvents)[];
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

function alertEventSchema<T extends AlertEventType>(type: T) {
  return z.object({
    type: z.literal(type),
    /** The domain event's id: the same change never arrives under two ids. */
    eventId: z.string(),
    occurredAt: z.iso.datetime({ offset: true }),
    payload: telemetryEvents[type],
  });
}

/** One message of `telemetry.onAlert`: an alert's change, or a subscription marker. */
export const alertChangeSchema = z.discriminatedUnion("type", [
  subscribedMarkerSchema,
  resetMarkerSchema,
  alertEventSchema("alert.raised"),
  alertEventSchema("alert.resolved"),
  alertEventSchema("alert.acknowledged"),
  alertEventSchema("alert.assigned"),
  alertEventSchema("alert.silenced"),
]);
export type AlertChange = z.infer<typeof alertChangeSchema>;
