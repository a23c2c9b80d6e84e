import { withSystem, type Database, type JsonValue } from "@cauldron/db";
import type { Kysely } from "kysely";
import { afterFailedAttempt } from "./delivery-backoff";
import type { ChannelDestination } from "./send-notification";
import type { SendOutcome } from "./send-webhook";

/** A delivery taken for sending, with where its channel sends. */
export interface ClaimedDelivery extends ChannelDestination {
  id: string;
  channel_id: string;
  alert_id: string;
  payload: JsonValue;
  attempts: number;
}

const DISABLED_CHANNEL = "the channel was disabled before the notification was sent";
const LAST_ERROR_LENGTH = 300;

/**
 * Takes up to `limit` due deliveries, skipping rows another run holds. Those of alerts still
 * silenced wait until the silence ends; those of disabled channels fail; the rest are held for
 * `leaseMs` (a run that dies mid-send leaves them to be tried again then) and returned.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<{ claimed: ClaimedDelivery[]; examined: number }> {
  return withSystem(db, async (trx) => {
    const due = await trx
      .selectFrom("timeseries.alert_deliveries as d")
      .innerJoin("timeseries.alert_channels as c", "c.id", "d.channel_id")
      .select(["d.id", "d.channel_id", "d.alert_id", "d.payload", "d.attempts", "c.enabled"])
      .select(["c.kind", "c.email_addresses", "c.webhook_url", "c.signing_secret"])
      .where("d.status", "=", "pending")
      .where("d.next_attempt_at", "<=", now)
      .orderBy("d.next_attempt_at")
      .limit(limit)
      .forUpdate("d")
      .skipLocked()
      .execute();
    if (due.length === 0) return { claimed: [], examined: 0 };

    const silences = await trx
      .selectFrom("timeseries.alerts")
      .select(["id", "silenced_until"])
      .where("id", "in", [...new Set(due.map((row) => row.alert_id))])
      .where("silenced_until", ">", now)
      .execute();
    const silencedUntil = new Map(
      silences.flatMap((alert) => (alert.silenced_until ? [[alert.id, alert.silenced_until]] : [])),
    );
    const deliveries = trx.updateTable("timeseries.alert_deliveries");
    for (const [alertId, until] of silencedUntil) {
      const held = due.filter((row) => row.alert_id === alertId).map((row) => row.id);
      await deliveries.set({ next_attempt_at: until }).where("id", "in", held).execute();
    }
    const ready = due.filter((row) => !silencedUntil.has(row.alert_id));
    const disabled = ready.filter((row) => !row.enabled).map((row) => row.id);
    if (disabled.length > 0) {
      await deliveries.set({ status: "failed", last_error: DISABLED_CHANNEL }).where("id", "in", disabled).execute();
    }
    const claimed = ready.filter((row) => row.enabled).map(({ enabled: _enabled, ...delivery }) => delivery);
    if (claimed.length > 0) {
      const leaseEnd = new Date(now.getTime() + leaseMs);
      const ids = claimed.map((row) => row.id);
      await deliveries.set({ next_attempt_at: leaseEnd }).where("id", "in", ids).execute();
    }
    return { claimed, examined: due.length };
  });
}

function changeAfter(outcome: SendOutcome, attempts: number, now: Date) {
  if (outcome.delivered) return { status: "delivered", delivered_at: now, last_error: null };
  const lastError = outcome.error.slice(0, LAST_ERROR_LENGTH);
  const next = afterFailedAttempt(attempts, now);
  if (next.status === "failed") return { status: "failed", last_error: lastError };
  return { next_attempt_at: next.nextAttemptAt, last_error: lastError };
}

/** Records one send: delivered, or another try after the backoff, or failed after the last attempt. */
export async function recordAttempt(
  db: Kysely<Database>,
  delivery: { id: string; attempts: number },
  outcome: SendOutcome,
  now: Date,
): Promise<void> {
  const attempts = delivery.attempts + 1;
  await withSystem(db, (trx) =>
    trx
      .updateTable("timeseries.alert_deliveries")
      .set({ attempts, ...changeAfter(outcome, attempts, now) })
      .where("id", "=", delivery.id)
      .execute(),
  );
}
