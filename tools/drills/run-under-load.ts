import type { DrillPlatform } from "./drill-platform";
import { mergeLoadReports } from "./load-report-merge";
import { awaitEventsHandled, type EventAccounting } from "./load/event-accounting";
import { startSteadyLoad, type LoadReport } from "./load/steady-load";
import { watchOrganizationChanges, type SubscriptionReport } from "./load/subscription-watch";
import { verifyLedger, type LedgerVerification } from "./load/verify-ledger";

/** What a disruption under load left behind: the load's report and what the stores still hold. */
export interface UnderLoadOutcome {
  /** The whole load: before, during and after the disruption. */
  load: LoadReport;
  /** Failures once the disruption was over and the services had `recoveryMs` to recover. */
  failedAfterRecovery: number;
  verification: LedgerVerification;
  writesFound: number;
  disruptionMs: number;
  /** The seeded organizations' events of the whole window: published, handled, handled twice. */
  events: EventAccounting;
  /** What one org.onChange subscriber, following through the proxy all along, missed or got twice. */
  subscription: SubscriptionReport;
}

export interface UnderLoadOptions {
  requestsPerSecond: number;
  /** Load before the disruption starts, and again once the services have recovered. */
  steadyMs: number;
  /** Time the services get to recover after the disruption, under load, before "recovered" is judged. */
  recoveryMs?: number;
  /** A request without an answer by then fails as TIMEOUT (a hang); the load's 10 s by default. */
  requestTimeoutMs?: number;
  disrupt(): Promise<void>;
  onProgress?: (line: string) => void;
}

// Events wait in the outbox while Redis is away, and flow again within seconds of its return.
const EVENTS_SETTLE_MS = 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the steady load around one disruption, then a second load once the services had time to
 * recover (whose failures say whether they did), then looks up every write either acknowledged.
 */
export async function runUnderLoad(platform: DrillPlatform, options: UnderLoadOptions): Promise<UnderLoadOutcome> {
  const startLoad = () =>
    startSteadyLoad({
      urls: platform.replicas.urls,
      organizations: platform.organizations,
      requestsPerSecond: options.requestsPerSecond,
      requestTimeoutMs: options.requestTimeoutMs,
      onProgress: options.onProgress,
    });
  const organizationIds = platform.organizations.map((organization) => organization.organizationId);
  const systemDatabaseUrl = platform.stack.urls.owner;
  const watch = watchOrganizationChanges({
    orgUrl: platform.replicas.urls.org,
    organization: platform.organizations[0]!,
    systemDatabaseUrl,
    onProgress: options.onProgress,
  });
  await watch.started;
  const from = new Date();
  const during = startLoad();
  let disruptionMs = 0;
  const failure = await (async () => {
    await pause(options.steadyMs);
    const started = Date.now();
    await options.disrupt();
    disruptionMs = Date.now() - started;
    await pause(options.recoveryMs ?? 0);
  })().then(
    () => undefined,
    (error: unknown) => error ?? new Error("the disruption failed"),
  );
  const duringReport = await during.stop();
  if (failure !== undefined) throw failure;
  const after = startLoad();
  await pause(options.steadyMs);
  const afterReport = await after.stop();
  const to = new Date();
  const subscription = await watch.stop(EVENTS_SETTLE_MS);
  const load = mergeLoadReports(duringReport, afterReport);
  const verification = await verifyLedger(load.ledger, {
    systemDatabaseUrl,
    objectStoreDir: platform.stack.objectStoreDir,
  });
  const writesFound = Object.values(verification.byKind).reduce((sum, kind) => sum + kind.found, 0);
  const events = await awaitEventsHandled({
    systemDatabaseUrl,
    from,
    to,
    organizationIds,
    timeoutMs: EVENTS_SETTLE_MS,
    onProgress: options.onProgress,
  });
  return {
    load,
    failedAfterRecovery: afterReport.failed,
    verification,
    writesFound,
    disruptionMs,
    events,
    subscription,
  };
}

/** Notes that explain a row: the failures by code and by operation, and what was not found. */
export function outcomeNotes(outcome: UnderLoadOutcome): string[] {
  const notes: string[] = [];
  const { load, verification } = outcome;
  if (load.failed > 0) {
    notes.push(`failures by code: ${JSON.stringify(load.failuresByCode)}, slowest ${load.slowestFailureMs} ms`);
    notes.push(`failures by operation: ${JSON.stringify(load.failuresByOperation)}`);
  }
  if (outcome.failedAfterRecovery > 0) notes.push(`${outcome.failedAfterRecovery} failures after recovery`);
  const { events, subscription } = outcome;
  if (events.missing > 0)
    notes.push(`${events.missing} events not handled, e.g. ${events.missingIds.slice(0, 3).join(", ")}`);
  if (events.duplicateDeliveries)
    notes.push(`${events.duplicateDeliveries} duplicate deliveries dropped by the event log`);
  notes.push(
    `org.onChange subscriber: ${subscription.received} received of ${subscription.expected} expected, ` +
      `${subscription.gaps} gaps, ${subscription.duplicates} repeats, reopened ${JSON.stringify(subscription.reopenedAfter)}`,
  );
  if (load.shed > 0) notes.push(`${load.shed} requests shed at the in-flight bound`);
  for (const [kind, found] of Object.entries(verification.byKind)) {
    if (found.missingCount > 0)
      notes.push(`${kind}: ${found.missingCount} missing, e.g. ${found.missing.slice(0, 3).join(", ")}`);
    if (found.corrupted.length > 0) notes.push(`${kind}: ${found.corrupted.length} corrupted`);
  }
  return notes;
}

/** Whether nothing was lost or doubled: every write found, every event handled once, no gap in the stream. */
export function nothingLost(outcome: UnderLoadOutcome): boolean {
  const { events, subscription } = outcome;
  return (
    outcome.verification.allFound &&
    events.missing === 0 &&
    events.handledTwice === 0 &&
    subscription.gaps === 0 &&
    subscription.duplicates === 0
  );
}

/** The columns every under-load scenario fills the same way. */
export function underLoadRow(outcome: UnderLoadOutcome) {
  return {
    requestsSent: outcome.load.sent,
    requestsFailed: outcome.load.failed,
    writesAcknowledged: outcome.load.writesAcknowledged,
    writesFound: outcome.writesFound,
    eventsPublished: outcome.events.published,
    eventsHandled: outcome.events.handled,
    eventsHandledTwice: outcome.events.handledTwice,
  };
}
