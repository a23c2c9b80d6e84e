import type { DrillPlatform } from "../drill-platform";
import type { DrillResult } from "../drill-result";
import { nothingLost, outcomeNotes, runUnderLoad, underLoadRow } from "../run-under-load";

export interface PostgresRestartOptions {
  requestsPerSecond: number;
  steadyMs: number;
  recoveryMs?: number;
  requestTimeoutMs?: number;
  /** How long Postgres stays down. */
  outageMs: number;
  /** A failure slower than this counts as a hang (the services' connection timeout plus slack). */
  failFastWithinMs: number;
  onProgress?: (line: string) => void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The answers a client may get while the database is away: typed, with a retry hint; a tRPC
 * SERVICE_UNAVAILABLE, or the storage API's 503 (Supabase Storage's "DatabaseError").
 */
const EXPECTED_DURING_OUTAGE = new Set(["SERVICE_UNAVAILABLE", "HTTP_503"]);

/**
 * Scenario 3: Postgres stops mid-load (fast shutdown: connections cut) and comes back. Requests in
 * the outage may fail, but only as typed SERVICE_UNAVAILABLE and quickly; the services recover by
 * themselves (the load after the restart succeeds) and no acknowledged write is lost.
 */
export async function runPostgresRestartDrill(
  platform: DrillPlatform,
  options: PostgresRestartOptions,
): Promise<DrillResult> {
  const outcome = await runUnderLoad(platform, {
    ...options,
    disrupt: async () => {
      await platform.stack.stopPostgres();
      options.onProgress?.(`postgres stopped; keeping it down for ${options.outageMs} ms`);
      await pause(options.outageMs);
      await platform.stack.startPostgres();
      options.onProgress?.("postgres started again");
    },
  });
  const { load } = outcome;
  const untyped = Object.entries(load.failuresByCode).filter(([code]) => !EXPECTED_DURING_OUTAGE.has(code));
  const fast = load.slowestFailureMs <= options.failFastWithinMs;
  const notes = [`postgres down for ${(outcome.disruptionMs / 1000).toFixed(1)} s`, ...outcomeNotes(outcome)];
  if (untyped.length > 0)
    notes.push(`failures other than SERVICE_UNAVAILABLE or 503: ${JSON.stringify(Object.fromEntries(untyped))}`);
  if (!fast) notes.push(`a failure took ${load.slowestFailureMs} ms (over ${options.failFastWithinMs} ms)`);
  return {
    scenario: "postgres restart",
    ...underLoadRow(outcome),
    ok: untyped.length === 0 && fast && outcome.failedAfterRecovery === 0 && nothingLost(outcome),
    notes,
  };
}
