import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

const severity = z.enum(["info", "warning", "error", "critical"]);

/** Events the telemetry service publishes: alerts as they move through their lifecycle, and anomalies found. */
export const telemetryEvents = {
  "alert.raised": z.object({
    alertId: id,
    organizationId: nullableId,
    alertType: name,
    source: name,
    severity,
    title: name,
    description: z.string().nullable(),
    assignedToUserId: nullableId,
  }),
  "alert.resolved": z.object({ alertId: id, organizationId: id, ruleId: nullableId }),
  "alert.acknowledged": z.object({ alertId: id, organizationId: id, actorUserId: nullableId }),
  "alert.assigned": z.object({
    alertId: id,
    organizationId: id,
    assignedToUserId: nullableId,
    actorUserId: nullableId,
  }),
  "alert.silenced": z.object({ alertId: id, organizationId: id, until: z.iso.datetime(), actorUserId: nullableId }),
  "anomaly.detected": z.object({
    detectorId: id,
    organizationId: id,
    metricName: name,
    time: z.iso.datetime(),
    actualValue: z.number(),
    expectedValue: z.number().nullable(),
    severity,
  }),
} as const satisfies EventSchemas;
