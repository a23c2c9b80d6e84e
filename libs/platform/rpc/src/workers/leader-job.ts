import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { claimLease, recordJobRun, releaseLease } from "./leader-lease";
import type { JobWorker } from "./worker-declarations";

/** What the status endpoint and metrics know of one job on this replica. */
export interface JobState {
  leader: boolean;
  runs: number;
  failures: number;
  lastRunAt: Date | null;
  lastFailureAt: Date | null;
}

export interface LeaderJob {
  readonly state: JobState;
  stop(): Promise<void>;
}

export interface LeaderJobOptions {
  job: JobWorker;
  db: Kysely<Database>;
  instanceId: string;
  leaseMs: number;
  logger: Logger;
  onRun?: (outcome: "succeeded" | "failed") => void;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `job` whenever its period has passed and this replica holds the job's lease. The lease is
 * renewed a few times per lease period, so one missed renewal does not fail over; a run that
 * outlasts the lease is aborted, since another replica may already have taken over.
 */
export function startLeaderJob(options: LeaderJobOptions): LeaderJob {
  const { job, db, instanceId, leaseMs } = options;
  const logger = options.logger.child({ component: "job", job: job.name });
  const state: JobState = { leader: false, runs: 0, failures: 0, lastRunAt: null, lastFailureAt: null };
  const controller = new AbortController();
  const renewEveryMs = Math.max(10, Math.floor(leaseMs / 3));

  async function runOnce(fencingToken: string): Promise<void> {
    const run = new AbortController();
    const stopRun = () => run.abort();
    controller.signal.addEventListener("abort", stopRun, { once: true });
    const deadline = setTimeout(stopRun, leaseMs);
    try {
      await job.run({ db, logger, signal: run.signal, instanceId });
      state.runs += 1;
      state.lastRunAt = new Date();
      options.onRun?.("succeeded");
      if (!(await recordJobRun(db, { job: job.name, holder: instanceId, fencingToken }))) {
        logger.warn("lost the lease while the job ran; the new leader keeps its own schedule");
      }
    } catch (error) {
      state.failures += 1;
      state.lastFailureAt = new Date();
      options.onRun?.("failed");
      logger.error({ err: error }, "job run failed; it runs again next period");
    } finally {
      clearTimeout(deadline);
      controller.signal.removeEventListener("abort", stopRun);
    }
  }

  async function loop(): Promise<void> {
    const { signal } = controller;
    while (!signal.aborted) {
      try {
        const claim = await claimLease(db, { job: job.name, holder: instanceId, leaseMs, everyMs: job.everyMs });
        if (claim.held !== state.leader) logger.info(claim.held ? "leading the job" : "another replica leads the job");
        state.leader = claim.held;
        if (claim.held && claim.due && claim.fencingToken) await runOnce(claim.fencingToken);
      } catch (error) {
        state.leader = false;
        logger.warn({ err: error }, "could not claim the job's lease; trying again");
      }
      await wait(state.leader ? Math.min(renewEveryMs, job.everyMs) : renewEveryMs, signal);
    }
  }

  const running = loop();
  return {
    state,
    async stop() {
      controller.abort();
      await running;
      if (state.leader) {
        state.leader = false;
        await releaseLease(db, { job: job.name, holder: instanceId }).catch((error: unknown) =>
          logger.warn({ err: error }, "could not release the job's lease; it expires on its own"),
        );
      }
    },
  };
}
