import type { DrillPlatform } from "../drill-platform";
import type { DrillResult } from "../drill-result";
import { outcomeNotes, runUnderLoad } from "../run-under-load";

export interface RollingRestartOptions {
  requestsPerSecond: number;
  steadyMs: number;
  recoveryMs?: number;
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
        for (let index = 0; index < platform.replicas.replicaUrls[service].length; index += 1) {
          await platform.replicas.restartReplica(service, index);
          restarted += 1;
        }
      }
    },
  });
  const { load } = outcome;
  return {
    scenario: "rolling restart",
    requestsSent: load.sent,
    requestsFailed: load.failed,
    writesAcknowledged: load.writesAcknowledged,
    writesFound: outcome.writesFound,
    ok: load.failed === 0 && outcome.verification.allFound,
    notes: [
      `${restarted} replicas restarted one by one in ${(outcome.disruptionMs / 1000).toFixed(1)} s`,
      ...outcomeNotes(outcome),
    ],
  };
}
