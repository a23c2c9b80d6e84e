import type { Database } from "@cauldron/db";
import { emailConsumerGroup } from "@cauldron/email";
import { sql, type Kysely } from "kysely";

/**
 * Waits until the sender's email worker has handled every email requested in this database so far
 * (the outbox is read as the owner), so a test can then read what was sent.
 */
export async function settleRequestedEmails(
  ownerDb: Kysely<Database>,
  sender: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ waiting: string }>`
      select count(*) as waiting
      from integration.outbox o
      where o.event_type = 'email.requested'
        and o.payload ->> 'sender' = ${sender}
        and not exists (
          select 1 from integration.processed_events p
          where p.consumer = ${emailConsumerGroup(sender)} and p.event_id = o.id
        )
    `.execute(ownerDb);
    const waiting = Number(rows[0]?.waiting ?? 0);
    if (waiting === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${waiting} email(s) requested from ${sender} were not delivered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
