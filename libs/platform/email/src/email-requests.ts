import type { Database } from "@cauldron/db";
import { publishEvent, type EventMetadata } from "@cauldron/events";
import type { Transaction } from "kysely";

/** What a service asks its email worker to send: a template about one record. */
export interface EmailRequest {
  /** The service whose email worker composes and sends the message, e.g. "auth". */
  sender: string;
  /** e.g. "password_reset". */
  template: string;
  /** The record the message is about; the worker reads the address and mints any link from it. */
  about: { type: string; id: string };
  organizationId?: string | null;
}

/**
 * Queues an email in the caller's transaction (an `email.requested` event in the outbox), so it is
 * sent exactly when the change that calls for it commits, and retried until it is delivered.
 */
export async function requestEmail(
  trx: Transaction<Database>,
  request: EmailRequest,
  metadata: EventMetadata = {},
): Promise<void> {
  await publishEvent(
    trx,
    "email.requested",
    {
      sender: request.sender,
      template: request.template,
      about: request.about,
      organizationId: request.organizationId ?? null,
    },
    { aggregate: request.about, metadata },
  );
}
