import pg from "pg";
import type { Logger } from "pino";

/** Wakes the relay when rows are appended to the outbox, on any replica. */
export interface OutboxNotifications {
  /** Whether a LISTEN connection is up right now; while it is not, the relay must poll. */
  readonly listening: boolean;
  /**
   * Waits until a notification arrives or `ms` pass, whichever is first; returns at once when one
   * arrived since the previous call, so a notification during a relay batch is never lost.
   */
  next(ms: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface OutboxNotificationOptions {
  /** A direct connection: transaction-mode poolers (PgBouncer, Supavisor) do not carry LISTEN. */
  connectionString: string;
  /** Wait before listening again after the connection failed or was refused. */
  reconnectMs?: number;
  logger: Logger;
}

/**
 * Listens for outbox appends on a dedicated connection. When LISTEN is impossible (a pooler
 * refuses it, the database is down) it reports `listening: false` and retries in the background,
 * so the relay degrades to polling instead of failing.
 */
export function listenForOutboxAppends(options: OutboxNotificationOptions): OutboxNotifications {
  const { connectionString, reconnectMs = 30_000, logger } = options;
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let notified = false;
  let wake: (() => void) | null = null;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const notify = () => {
    notified = true;
    wake?.();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, reconnectMs);
    reconnectTimer.unref();
  };

  async function connect(): Promise<void> {
    const connection = new pg.Client({ connectionString, application_name: "cauldron-outbox-listener" });
    connection.on("notification", notify);
    connection.on("error", (error) => {
      logger.warn({ err: error }, "outbox listener connection failed; polling until it is back");
      listening = false;
      if (client === connection) client = null;
      connection.end().catch(() => undefined);
      scheduleReconnect();
    });
    try {
      await connection.connect();
      // The channel the outbox's insert trigger notifies (migration 0017), once per committed statement.
      await connection.query("listen integration_outbox");
    } catch (error) {
      logger.warn({ err: error }, "could not listen for outbox appends; polling instead");
      await connection.end().catch(() => undefined);
      scheduleReconnect();
      return;
    }
    if (closed) {
      await connection.end().catch(() => undefined);
      return;
    }
    client = connection;
    listening = true;
    // Rows appended while nobody listened are found by the first batch after this wake-up.
    notify();
  }

  void connect();

  return {
    get listening() {
      return listening;
    },
    next(ms, signal) {
      if (notified || signal.aborted) {
        notified = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          wake = null;
          notified = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
        wake = done;
      });
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      listening = false;
      wake?.();
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
