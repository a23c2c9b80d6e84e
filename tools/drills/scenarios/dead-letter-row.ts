import type { DrillResult } from "../drill-result";
import type { DeadLetterDrillResult } from "./dead-letter";

/** The drills table's row for scenario 5: it sends no requests; its events are the published ones. */
export function deadLetterDrillRow(result: DeadLetterDrillResult): DrillResult {
  return {
    scenario: result.scenario,
    ...{ requestsSent: 0, requestsFailed: 0, writesAcknowledged: 0, writesFound: 0 },
    eventsPublished: result.sent,
    eventsHandled: result.handledOnce,
    eventsHandledTwice: result.handledTwice,
    ok: result.ok,
    notes: [
      `${result.failed} failed deliveries, ${result.deadLettered} dead-lettered, ${result.replayed} replayed`,
      ...result.notes,
    ],
  };
}
