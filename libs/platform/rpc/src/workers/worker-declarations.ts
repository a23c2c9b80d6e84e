import type { Database } from "@cauldron/db";
import type { EventConsumerOptions } from "@cauldron/events";
import type { Kysely } from "kysely";
import type { Logger } from "pino";

/** An event consumer a service runs: one consumer group, shared by the service's replicas. */
export interface ConsumerWorker extends Pick<
  EventConsumerOptions,
  | "group"
  | "handlers"
  | "startFrom"
  | "maxAttempts"
  | "retryBaseMs"
  | "retryMaxMs"
  | "claimIdleMs"
  | "blockMs"
  | "batchSize"
> {
  kind: "consumer";
}

/** What a job's run is given. */
export interface JobContext {
  db: Kysely<Database>;
  logger: Logger;
  /**
   * Aborts when the service stops, or when the run outlasts the lease (another replica may lead by
   * then); long runs should check it between steps.
   */
  signal: AbortSignal;
  /** The replica running the job (its lease holder id). */
  instanceId: string;
}

/** A periodic job that runs once per deployment per period, on whichever replica holds its lease. */
export interface JobWorker {
  kind: "job";
  /** Unique across the deployment: replicas of every service that declare it share one lease. */
  name: string;
  /** Wait from the end of one run to the start of the next, whichever replica ran the previous one. */
  everyMs: number;
  run(context: JobContext): Promise<void>;
}

/** Background work a service declares beside its router. */
export type WorkerDeclaration = ConsumerWorker | JobWorker;

/** How the platform runs declared workers; the defaults suit production, tests shorten them. */
export interface WorkerRuntimeOptions {
  /** How long a job leader's lease lasts without renewal: the longest failover after a leader dies. */
  leaseMs?: number;
  /** How long outbox and processed-event rows are kept (the pruning job's retention). */
  eventRetentionSeconds?: number;
  /** Relay polling while LISTEN is unavailable: first wait after an empty poll, and the longest. */
  relayPollMs?: number;
  relayIdlePollMaxMs?: number;
  /** Whether the platform's own jobs (event pruning) run beside the declared ones (default true). */
  platformJobs?: boolean;
  /** Whether this replica relays the outbox (default true; every replica may, row locks keep them apart). */
  relay?: boolean;
  /** Listen for outbox appends on this direct connection (omit to poll only). */
  listenConnectionString?: string;
}
