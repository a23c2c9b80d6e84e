import type { LoadReport } from "./load/steady-load";

function sumCounts(first: Record<string, number>, second: Record<string, number>): Record<string, number> {
  const sum = { ...first };
  for (const [key, count] of Object.entries(second)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}

/** One report for two loads run one after the other. */
export function mergeLoadReports(first: LoadReport, second: LoadReport): LoadReport {
  return {
    sent: first.sent + second.sent,
    failed: first.failed + second.failed,
    failuresByCode: sumCounts(first.failuresByCode, second.failuresByCode),
    failuresByOperation: sumCounts(first.failuresByOperation, second.failuresByOperation),
    slowestFailureMs: Math.max(first.slowestFailureMs, second.slowestFailureMs),
    writesAcknowledged: first.writesAcknowledged + second.writesAcknowledged,
    ledger: [...first.ledger, ...second.ledger],
    shed: first.shed + second.shed,
    durationMs: first.durationMs + second.durationMs,
  };
}
