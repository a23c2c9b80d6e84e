import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  createEventConsumer,
  createOutboxRelay,
  eventKeys,
  listenForOutboxAppends,
  readConsumerGroupState,
  type EventConsumer,
  type OutboxNotifications,
} from "@cauldron/events";
import type { Registry } from "prom-client";
import type { ServiceDependencies } from "../service-definition";
import { startLeaderJob, type JobState, type LeaderJob } from "./leader-job";
import { eventPruningJob } from "./event-pruning-job";
import type { ConsumerWorker, JobWorker, WorkerDeclaration, WorkerRuntimeOptions } from "./worker-declarations";
import { registerWorkerMetrics, type WorkerMetrics } from "./worker-metrics";

export type WorkerState = "declared" | "starting" | "running" | "stopping" | "stopped" | "failed";

/** One worker as the status endpoint shows it. */
export interface WorkerStatus {
  name: string;
  kind: "consumer" | "job" | "relay";
  state: WorkerState;
  /** Jobs: whether this replica holds the lease, and the job's runs on this replica. */
  job?: Omit<JobState, "lastRunAt" | "lastFailureAt"> & { lastRunAt: string | null; lastFailureAt: string | null };
  /** The relay: whether it is woken by LISTEN now (false: it polls). */
  listening?: boolean;
}

/** The workers of one service replica: started once it listens, stopped before its pools close. */
export interface WorkerSupervisor {
  readonly instanceId: string;
  /** Registers the workers' metrics on the registry /metrics serves; call once, before start. */
  instrument(registry: Registry): void;
  start(): Promise<void>;
  /** Stops every worker after its in-flight event or job run, and releases held leases. */
  stop(): Promise<void>;
  status(): WorkerStatus[];
}

// A dead leader's jobs wait at most this (plus one claim interval, a third of it) for a new one;
// a stopping leader hands over at once. Longer leases mean fewer renewals on an idle platform.
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_EVENT_RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * Runs what a service declared plus what every service runs: the outbox relay (every replica
 * relays; row locks keep relays from publishing an event twice) and the leader-elected pruning of
 * relayed outbox rows and processed-event records.
 */
export function createWorkerSupervisor(
  serviceName: string,
  declared: WorkerDeclaration[],
  dependencies: ServiceDependencies,
  options: WorkerRuntimeOptions = {},
): WorkerSupervisor {
  const { db, redis, logger } = dependencies;
  const keys = eventKeys(dependencies.redisKeyPrefix);
  const instanceId = `${serviceName}-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const jobs: JobWorker[] = [
    ...declared.filter((worker): worker is JobWorker => worker.kind === "job"),
    ...(options.platformJobs === false
      ? []
      : [eventPruningJob(options.eventRetentionSeconds ?? DEFAULT_EVENT_RETENTION_SECONDS)]),
  ];
  const consumers = declared.filter((worker): worker is ConsumerWorker => worker.kind === "consumer");
  const states = new Map<string, WorkerState>();
  const kinds = new Map<string, WorkerStatus["kind"]>();
  let metrics: WorkerMetrics | null = null;
  let notifications: OutboxNotifications | null = null;
  let relay: ReturnType<typeof createOutboxRelay> | null = null;
  const runningConsumers = new Map<string, EventConsumer>();
  const startingConsumers = new Map<string, Promise<void>>();
  const leaderJobs = new Map<string, LeaderJob>();
  const stopping = new AbortController();

  const relayName = "outbox-relay";
  const declare = (name: string, kind: WorkerStatus["kind"]) => {
    if (kinds.has(name)) throw new Error(`${serviceName} declares two workers named "${name}"`);
    kinds.set(name, kind);
    states.set(name, "declared");
  };
  if (options.relay !== false) declare(relayName, "relay");
  for (const consumer of consumers) declare(consumer.group, "consumer");
  for (const job of jobs) declare(job.name, "job");

  /** A Redis outage at start delays consumption; it must not stop the service from starting. */
  async function startConsumer(worker: ConsumerWorker): Promise<void> {
    const consumer = createEventConsumer({
      ...worker,
      redis,
      db,
      streamKey: keys.stream,
      deadLetterKey: keys.deadLetter,
      consumerName: `${instanceId}-${worker.group}`,
      logger,
      onDelivery: (outcome) => metrics?.delivered(worker.group, outcome),
    });
    states.set(worker.group, "starting");
    for (let attempt = 1; !stopping.signal.aborted; attempt += 1) {
      try {
        await consumer.start();
        runningConsumers.set(worker.group, consumer);
        states.set(worker.group, "running");
        return;
      } catch (error) {
        states.set(worker.group, "failed");
        logger.warn({ err: error, group: worker.group, attempt }, "event consumer could not start; retrying");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt));
          stopping.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  function startRelay(): void {
    if (options.listenConnectionString) {
      notifications = listenForOutboxAppends({ connectionString: options.listenConnectionString, logger });
    }
    relay = createOutboxRelay({
      db,
      redis,
      streamKey: keys.stream,
      logger,
      notifications: notifications ?? undefined,
      pollIntervalMs: options.relayPollMs,
      idlePollMaxMs: options.relayIdlePollMaxMs,
      onBatch: (result) => metrics?.relayed(result.published, result.failed),
    });
    relay.start();
    states.set(relayName, "running");
  }

  return {
    instanceId,
    instrument(registry) {
      metrics = registerWorkerMetrics(registry, {
        workers: () =>
          [...states].map(([name, state]) => ({
            name,
            kind: kinds.get(name) ?? "consumer",
            running: state === "running",
            leader: leaderJobs.get(name)?.state.leader,
          })),
        consumerGroups: async () => {
          const groups = await Promise.all(
            consumers.map(async ({ group }) => {
              const state = await readConsumerGroupState(redis, keys.stream, group).catch(() => undefined);
              return state ? [{ group, ...state }] : [];
            }),
          );
          return groups.flat();
        },
        deadLetters: () => redis.xlen(keys.deadLetter).catch(() => null),
      });
    },
    async start() {
      if (options.relay !== false) startRelay();
      for (const job of jobs) {
        leaderJobs.set(
          job.name,
          startLeaderJob({
            job,
            db,
            instanceId,
            leaseMs,
            logger,
            onRun: (outcome) => metrics?.jobRan(job.name, outcome),
          }),
        );
        states.set(job.name, "running");
      }
      for (const consumer of consumers) startingConsumers.set(consumer.group, startConsumer(consumer));
      // Consumers that can start now are running when start resolves; the others keep retrying.
      await Promise.race([
        Promise.all(startingConsumers.values()),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
    async stop() {
      stopping.abort();
      for (const name of states.keys()) if (states.get(name) !== "declared") states.set(name, "stopping");
      await Promise.all(startingConsumers.values());
      await Promise.all([
        ...[...runningConsumers].map(async ([group, consumer]) => {
          await consumer.stop();
          states.set(group, "stopped");
        }),
        ...[...leaderJobs].map(async ([name, job]) => {
          await job.stop();
          states.set(name, "stopped");
        }),
        (async () => {
          if (!relay) return;
          await relay.stop();
          await notifications?.close();
          states.set(relayName, "stopped");
        })(),
      ]);
    },
    status() {
      return [...states].map(([name, state]): WorkerStatus => {
        if (name === relayName) return { name, kind: "relay", state, listening: notifications?.listening ?? false };
        const job = leaderJobs.get(name)?.state;
        if (kinds.get(name) === "job") {
          return {
            name,
            kind: "job",
            state,
            job: job
              ? {
                  ...job,
                  lastRunAt: job.lastRunAt?.toISOString() ?? null,
                  lastFailureAt: job.lastFailureAt?.toISOString() ?? null,
                }
              : undefined,
          };
        }
        return { name, kind: "consumer", state };
      });
    },
  };
}
