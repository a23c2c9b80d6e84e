import type { DrillPlatform } from "../drill-platform";
import type { DrillResult } from "../drill-result";
import { nothingLost, outcomeNotes, runUnderLoad, underLoadRow } from "../run-under-load";

export interface RollingRestartOptions {
  requestsPerSecond: number;
  steadyMs: number;
  recoveryMs?: number;
  requestTimeoutMs?: number;
  /** Restart only the first this many replicas of each service (a shorter drill); all by default. */
  replicasPerService?: number;
  onProgress?: (line: string) => void;
}

/**
 * Scenario 1: every replica of every service gets SIGTERM in turn while the load runs, and comes
 * back before the next one goes, as a rolling deployment does it. Passes with no failed request and
 * every acknowledged write found.
 */
export async function runRollingRestartDrill(
  platform: DrillPlatform,
  options: RollingRestartOptions,
): Promise<DrillResult> {
  let restarted = 0;
  const outcome = await runUnderLoad(platform, {
    ...options,
    disrupt: async () => {
      for (const service of platform.services) {
        const count = Math.min(
          platform.replicas.replicaUrls[service].length,
          options.replicasPerService ?? Number.POSITIVE_INFINITY,
        );
        for (let index = 0; index < count; index += 1) {
          await platform.replicas.restartReplica(service, index);
          restarted += 1;
        }
      }
    },
  });
  const { load } = outcome;
  return {
    scenario: "rolling restart",
    ...underLoadRow(outcome),
    ok: load.failed === 0 && nothingLost(outcome),
    notes: [
      `${restarted} replicas restarted one by one in ${(outcome.disruptionMs / 1000).toFixed(1)} s`,
      ...outcomeNotes(outcome),
    ],
  };
}
