import { failureCode } from "./failure-code";
import type { AcknowledgedWrite } from "./ledger";

/** What a steady load did, as startSteadyLoad's stop() reports it. */
export interface LoadReport {
  sent: number;
  failed: number;
  /** tRPC code, HTTP_<status>, TIMEOUT, or the network error's code. */
  failuresByCode: Record<string, number>;
  /** The longest a failed request took: proves failures come fast and nothing hangs. */
  slowestFailureMs: number;
  writesAcknowledged: number;
  /** Every acknowledged write, with what is needed to find it again. */
  ledger: AcknowledgedWrite[];
  /** Requests not sent because the in-flight bound was reached (the services answered too slowly). */
  shed: number;
  /** Failures by the operation that failed ("lore.documents.create", …). */
  failuresByOperation: Record<string, number>;
  durationMs: number;
}

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The running counts of one load. */
export function createLoadTally() {
  const startedAt = performance.now();
  const report: LoadReport = {
    sent: 0,
    failed: 0,
    failuresByCode: {},
    slowestFailureMs: 0,
    writesAcknowledged: 0,
    ledger: [],
    shed: 0,
    failuresByOperation: {},
    durationMs: 0,
  };
  return {
    sent: () => void (report.sent += 1),
    shed: () => void (report.shed += 1),
    acknowledged(write: AcknowledgedWrite | null) {
      if (!write) return;
      report.ledger.push(write);
      report.writesAcknowledged += 1;
    },
    failed(operation: string, error: unknown, elapsedMs: number) {
      report.failed += 1;
      increment(report.failuresByCode, failureCode(error));
      increment(report.failuresByOperation, operation);
      report.slowestFailureMs = Math.max(report.slowestFailureMs, Math.round(elapsedMs));
    },
    /** One progress line: what was sent, failed and acknowledged so far. */
    line(inFlight: number): string {
      const seconds = ((performance.now() - startedAt) / 1_000).toFixed(0);
      const codes = Object.entries(report.failuresByCode)
        .map(([code, count]) => `${code}×${count}`)
        .join(" ");
      return (
        `load ${seconds}s: sent ${report.sent}, failed ${report.failed}${codes ? ` (${codes})` : ""}, ` +
        `acknowledged ${report.writesAcknowledged}, in flight ${inFlight}` +
        (report.shed > 0 ? `, shed ${report.shed}` : "")
      );
    },
    finish(): LoadReport {
      return { ...report, ledger: [...report.ledger], durationMs: Math.round(performance.now() - startedAt) };
    },
  };
}
