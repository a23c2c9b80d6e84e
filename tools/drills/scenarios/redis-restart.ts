import type { DrillPlatform } from "../drill-platform";
import type { DrillResult } from "../drill-result";
import { nothingLost, outcomeNotes, runUnderLoad, underLoadRow } from "../run-under-load";

export interface RedisRestartOptions {
  requestsPerSecond: number;
  steadyMs: number;
  recoveryMs?: number;
  requestTimeoutMs?: number;
  /** How long Redis stays down. */
  outageMs: number;
  onProgress?: (line: string) => void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scenario 2: Redis stops mid-load and comes back. Nothing the load does needs Redis to answer
 * (rate limits count in memory, revocations are read from Postgres, events wait in the outbox),
 * so it passes with no failed request and every acknowledged write found, without restarting a
 * service.
 */
export async function runRedisRestartDrill(
  platform: DrillPlatform,
  options: RedisRestartOptions,
): Promise<DrillResult> {
  const outcome = await runUnderLoad(platform, {
    ...options,
    disrupt: async () => {
      await platform.stack.stopRedis();
      options.onProgress?.(`redis stopped; keeping it down for ${options.outageMs} ms`);
      await pause(options.outageMs);
      await platform.stack.startRedis();
      options.onProgress?.("redis started again");
    },
  });
  const { load } = outcome;
  return {
    scenario: "redis restart",
    ...underLoadRow(outcome),
    ok: load.failed === 0 && nothingLost(outcome),
    notes: [`redis down for ${(outcome.disruptionMs / 1000).toFixed(1)} s`, ...outcomeNotes(outcome)],
  };
}
