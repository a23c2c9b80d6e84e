import { createDatabase, withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { countDuplicateDeliveries } from "./delivery-metrics";

/** The consumer group that writes every catalogued event into timeseries.events, once. */
export const EVENT_LOG_GROUP = "telemetry-event-log";

const SAMPLE = 20;

export interface EventAccountingOptions {
  /** The owner's (or system role's) URL: the outbox and the event log belong to no tenant. */
  systemDatabaseUrl: string;
  /** The drill's window, by the time each event occurred. */
  from: Date;
  to: Date;
  /** Only events of these organizations (e.g. the seeded ones); every event of the window when left out. */
  organizationIds?: readonly string[];
  /** Only these events. */
  eventIds?: readonly string[];
  /** /metrics of every replica of the service running the group, to count duplicate deliveries. */
  metricsUrls?: readonly string[];
}

/** The events of a drill's window: written to the outbox, relayed, and handled by the event log. */
export interface EventAccounting {
  /** Written to integration.outbox with the change that caused them. */
  published: number;
  /** Appended to the Redis stream by a relay. */
  relayed: number;
  /** Logged in timeseries.events by the telemetry-event-log group. */
  handled: number;
  /** Logged more than once: each event must be handled exactly once. */
  handledTwice: number;
  /** Recorded as processed by the group (integration.processed_events), the delivery's at-most-once proof. */
  processedRecords: number;
  /** Published but not (yet) handled, and up to 20 of their ids. */
  missing: number;
  missingIds: string[];
  /** Deliveries found already handled, from the replicas' /metrics; null without metricsUrls. */
  duplicateDeliveries: number | null;
}

/** Counts what became of the window's events, reading as the system role. */
export async function accountForEvents(options: EventAccountingOptions): Promise<EventAccounting> {
  const db = createDatabase({ url: options.systemDatabaseUrl, poolMax: 1, applicationName: "cauldron-drill-events" });
  try {
    const accounting = await withSystem(db, (trx) => countInWindow(trx, options));
    const duplicateDeliveries = options.metricsUrls
      ? await countDuplicateDeliveries(options.metricsUrls, EVENT_LOG_GROUP)
      : null;
    return { ...accounting, duplicateDeliveries };
  } finally {
    await db.destroy();
  }
}

async function countInWindow(
  db: Kysely<Database>,
  options: EventAccountingOptions,
): Promise<Omit<EventAccounting, "duplicateDeliveries">> {
  // Lists go as one array parameter each: a long drill publishes more events than a statement takes parameters.
  let outbox = db
    .selectFrom("integration.outbox")
    .select(["id", "published_at"])
    .where("occurred_at", ">=", options.from)
    .where("occurred_at", "<=", options.to);
  if (options.organizationIds) {
    outbox = outbox.where(sql<boolean>`organization_id = any(${[...options.organizationIds]}::uuid[])`);
  }
  if (options.eventIds) outbox = outbox.where(sql<boolean>`id = any(${[...options.eventIds]}::uuid[])`);
  const published = await outbox.execute();
  const ids = published.map((row) => row.id);
  const among = sql<boolean>`event_id = any(${ids}::uuid[])`;
  // An event's log row is stamped with the time it occurred, so the window bounds the partitions read.
  const logged = await db
    .selectFrom("timeseries.events")
    .select(["event_id", (eb) => eb.fn.countAll<string>().as("rows")])
    .where(among)
    .where("time", ">=", options.from)
    .where("time", "<=", options.to)
    .groupBy("event_id")
    .execute();
  const processed = await db
    .selectFrom("integration.processed_events")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("consumer", "=", EVENT_LOG_GROUP)
    .where(among)
    .executeTakeFirstOrThrow();
  const handledIds = new Set(logged.map((row) => row.event_id));
  const missingIds = ids.filter((id) => !handledIds.has(id));
  return {
    published: published.length,
    relayed: published.filter((row) => row.published_at !== null).length,
    handled: handledIds.size,
    handledTwice: logged.filter((row) => Number(row.rows) > 1).length,
    processedRecords: Number(processed.count),
    missing: missingIds.length,
    missingIds: missingIds.slice(0, SAMPLE),
  };
}

/**
 * Accounts for the window's events until every one is handled or `timeoutMs` passes (consumers
 * run behind the writes), telling onProgress where it stands every couple of seconds.
 */
export async function awaitEventsHandled(
  options: EventAccountingOptions & { timeoutMs: number; onProgress?: (line: string) => void },
): Promise<EventAccounting> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReport = 0;
  for (;;) {
    const accounting = await accountForEvents(options);
    const settled = accounting.missing === 0 && accounting.relayed === accounting.published;
    if (settled || Date.now() >= deadline) return accounting;
    if (Date.now() - lastReport >= 2_000) {
      lastReport = Date.now();
      options.onProgress?.(
        `events: published ${accounting.published}, relayed ${accounting.relayed}, ` +
          `handled ${accounting.handled}, waiting for ${accounting.missing}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
