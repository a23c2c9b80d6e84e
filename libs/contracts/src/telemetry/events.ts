import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/** Events the telemetry service publishes: alerts raised by its rules. */
export const telemetryEvents = {
  "alert.raised": z.object({
    alertId: id,
    organizationId: nullableId,
    alertType: name,
    source: name,
    severity: z.enum(["info", "warning", "error", "critical"]),
    title: name,
    description: z.string().nullable(),
    assignedToUserId: nullableId,
  }),
} as const satisfies EventSchemas;
