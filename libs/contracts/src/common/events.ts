import { z } from "zod";
import { eventId, eventText, nullableEventId, type EventSchemas } from "./event-fields";

/** Events the platform itself publishes on behalf of any service. */
export const platformEvents = {
  "email.requested": z.object({
    // The service that composes and sends the message; the other services' email workers skip it.
    sender: eventText,
    // Which message, e.g. "password_reset"; each sender knows its own.
    template: eventText,
    // The record the message is about (a user, an invitation). The sender reads the address and
    // mints any link when it delivers, so no address, link or token is ever stored in the outbox.
    about: z.object({ type: eventText, id: eventId }),
    organizationId: nullableEventId,
  }),
} as const satisfies EventSchemas;
