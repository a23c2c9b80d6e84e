import type { DeliveryOutcome } from "@cauldron/events";
import { Counter, Gauge, type Registry } from "prom-client";

/** What the metrics read from the running workers at scrape time. */
export interface WorkerReadings {
  workers(): { name: string; kind: string; running: boolean; leader?: boolean }[];
  /** Lag and pending entries per consumer group; groups Redis cannot describe right now are left out. */
  consumerGroups(): Promise<{ group: string; lag: number | null; pending: number }[]>;
  /** Entries in the dead-letter stream (every group's), or null when Redis cannot answer. */
  deadLetters(): Promise<number | null>;
}

/** Counters the workers bump as they go. */
export interface WorkerMetrics {
  delivered(group: string, outcome: DeliveryOutcome): void;
  jobRan(job: string, outcome: "succeeded" | "failed"): void;
  relayed(published: number, failed: number): void;
}

/** Registers the workers' metrics on the service's registry (the one /metrics serves). */
export function registerWorkerMetrics(registry: Registry, readings: WorkerReadings): WorkerMetrics {
  const registers = [registry];
  new Gauge({
    name: "cauldron_worker_running",
    help: "1 while a declared worker (consumer, job, outbox relay) runs on this replica",
    labelNames: ["worker", "kind"],
    registers,
    collect() {
      this.reset();
      for (const worker of readings.workers())
        this.set({ worker: worker.name, kind: worker.kind }, worker.running ? 1 : 0);
    },
  });
  new Gauge({
    name: "cauldron_job_leader",
    help: "1 while this replica holds the lease of a leader-elected job",
    labelNames: ["job"],
    registers,
    collect() {
      this.reset();
      for (const worker of readings.workers()) {
        if (worker.kind === "job") this.set({ job: worker.name }, worker.leader ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: "cauldron_consumer_lag",
    help: "Events appended to the stream that the consumer group has not read yet",
    labelNames: ["group"],
    registers,
    async collect() {
      this.reset();
      for (const { group, lag } of await readings.consumerGroups()) if (lag !== null) this.set({ group }, lag);
    },
  });
  new Gauge({
    name: "cauldron_consumer_pending",
    help: "Events the consumer group has read but not acknowledged (in a handler or waiting for a retry)",
    labelNames: ["group"],
    registers,
    async collect() {
      this.reset();
      for (const { group, pending } of await readings.consumerGroups()) this.set({ group }, pending);
    },
  });
  new Gauge({
    name: "cauldron_event_dead_letters",
    help: "Events in the dead-letter stream, of every consumer group",
    registers,
    async collect() {
      this.reset();
      const count = await readings.deadLetters();
      if (count !== null) this.set(count);
    },
  });
  const deliveries = new Counter({
    name: "cauldron_consumer_deliveries_total",
    help: "Event deliveries on this replica, by consumer group and outcome (handled, duplicate, skipped, retry, dead-lettered)",
    labelNames: ["group", "outcome"],
    registers,
  });
  const jobRuns = new Counter({
    name: "cauldron_job_runs_total",
    help: "Runs of leader-elected jobs on this replica, by outcome",
    labelNames: ["job", "outcome"],
    registers,
  });
  const relayed = new Counter({
    name: "cauldron_outbox_relayed_total",
    help: "Outbox rows this replica appended to the event stream (published) or failed to",
    labelNames: ["outcome"],
    registers,
  });
  return {
    delivered: (group, outcome) => deliveries.inc({ group, outcome }),
    jobRan: (job, outcome) => jobRuns.inc({ job, outcome }),
    relayed: (published, failed) => {
      if (published > 0) relayed.inc({ outcome: "published" }, published);
      if (failed > 0) relayed.inc({ outcome: "failed" }, failed);
    },
  };
}
