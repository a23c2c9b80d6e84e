import { createOrgClient } from "@cauldron/client";
import { ORGANIZATION_CHANGE_TYPES } from "@cauldron/contracts";
import { createDatabase, withSystem } from "@cauldron/db";
import { failureCode } from "./failure-code";
import type { SeededOrganization } from "./seed-organizations";

const RESUBSCRIBE_AFTER_MS = 500;
const SAMPLE = 20;

export interface SubscriptionWatchOptions {
  /** The org service's URL: in a drill, its round-robin proxy. */
  orgUrl: string;
  organization: SeededOrganization;
  /** The owner's (or system role's) URL, to read what the outbox says the organization emitted. */
  systemDatabaseUrl: string;
  onProgress?: (line: string) => void;
}

/** What one org.onChange subscriber received, against what the organization emitted meanwhile. */
export interface SubscriptionReport {
  /** Change messages received (markers not counted), repeats included. */
  received: number;
  /** Changes the outbox holds for the organization between the subscription's start and stop(). */
  expected: number;
  /** Expected changes never received, and up to 20 of their event ids. */
  gaps: number;
  gapIds: string[];
  /** Receipts of an event already received. */
  duplicates: number;
  /** `reset` markers: the stream no longer held what the subscriber missed. */
  resets: number;
  /** Times the stream ended with an error and was opened again from the last id, by the error's code. */
  reopenedAfter: Record<string, number>;
}

/**
 * Follows org.onChange for one organization with the typed client (its SSE link reconnects with
 * the last event id by itself; a stream that ends with an error is reopened from that id too),
 * recording every change's event id. stop() waits up to `settleTimeoutMs` for the changes the
 * outbox says were emitted, then compares.
 */
export function watchOrganizationChanges(options: SubscriptionWatchOptions) {
  const { organization } = options;
  const client = createOrgClient({
    url: options.orgUrl,
    token: () => organization.owner.accessToken(),
    organizationId: organization.organizationId,
  });
  const receipts = new Map<string, number>();
  const report = { received: 0, resets: 0, reopenedAfter: {} as Record<string, number> };
  let lastEventId: string | undefined;
  let startedAt: Date | undefined;
  let stopped = false;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let unsubscribe: () => void = () => undefined;

  const reopen = (why: string) => {
    if (stopped) return;
    report.reopenedAfter[why] = (report.reopenedAfter[why] ?? 0) + 1;
    options.onProgress?.(`subscription ended (${why}); reopening after ${lastEventId ?? "the start"}`);
    setTimeout(open, RESUBSCRIBE_AFTER_MS);
  };
  function open() {
    if (stopped) return;
    const subscription = client.org.onChange.subscribe(lastEventId ? { lastEventId } : {}, {
      onData: ({ id, data }) => {
        lastEventId = id;
        if (data.type === "subscribed") {
          startedAt ??= new Date();
          markStarted();
        } else if (data.type === "reset") report.resets += 1;
        else {
          report.received += 1;
          receipts.set(data.eventId, (receipts.get(data.eventId) ?? 0) + 1);
        }
      },
      onError: (error) => reopen(failureCode(error)),
      onComplete: () => reopen("completed"),
    });
    unsubscribe = () => subscription.unsubscribe();
  }
  open();

  const emittedIds = async (from: Date, to: Date) => {
    const db = createDatabase({ url: options.systemDatabaseUrl, poolMax: 1, applicationName: "cauldron-drill-watch" });
    try {
      const rows = await withSystem(db, (trx) =>
        trx
          .selectFrom("integration.outbox")
          .select("id")
          .where("organization_id", "=", organization.organizationId)
          .where("event_type", "in", [...ORGANIZATION_CHANGE_TYPES])
          .where("occurred_at", ">=", from)
          .where("occurred_at", "<=", to)
          .execute(),
      );
      return rows.map((row) => row.id);
    } finally {
      await db.destroy();
    }
  };

  return {
    /** Resolves once the subscription follows the stream: changes from then on must all arrive. */
    started,
    async stop(settleTimeoutMs = 15_000): Promise<SubscriptionReport> {
      const stoppedAt = new Date();
      const expected = startedAt ? await emittedIds(startedAt, stoppedAt) : [];
      const deadline = Date.now() + settleTimeoutMs;
      while (expected.some((id) => !receipts.has(id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      stopped = true;
      unsubscribe();
      const gapIds = expected.filter((id) => !receipts.has(id));
      const duplicates = [...receipts.values()].reduce((sum, count) => sum + count - 1, 0);
      return { ...report, expected: expected.length, gaps: gapIds.length, gapIds: gapIds.slice(0, SAMPLE), duplicates };
    },
  };
}
