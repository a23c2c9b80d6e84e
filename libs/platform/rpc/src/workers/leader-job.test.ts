import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";
import type { WorkerStatus } from "./worker-supervisor";

const JOB = "test.record-run";
const runs: string[] = [];

const jobService = defineService({
  name: "lore",
  createRouter: () => router({ probe: router({ ping: publicProcedure.query(() => "pong") }) }),
  workers: () => [
    {
      kind: "job",
      name: JOB,
      everyMs: 20,
      run: async ({ instanceId }) => {
        runs.push(instanceId);
      },
    },
  ],
});

type JobServiceInstance = TestService<ReturnType<typeof jobService.createRouter>>;

let database: TestDatabase;
let prefix: string;
const instances: JobServiceInstance[] = [];

// Short leases keep failover within the test; the lease still outlives many renewals.
const startInstance = async () => {
  const instance = await startTestService(jobService, {
    db: database.db,
    redisKeyPrefix: prefix,
    workers: { leaseMs: 2_000 },
  });
  instances.push(instance);
  return instance;
};

async function statusOf(instance: JobServiceInstance): Promise<{ instanceId: string; workers: WorkerStatus[] }> {
  const response = await fetch(`${instance.url}/statusz`);
  expect(response.status).toBe(200);
  return (await response.json()) as { instanceId: string; workers: WorkerStatus[] };
}

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = createTestRedisPrefix();
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await clearTestRedisPrefix(prefix);
  await database?.destroy();
});

describe("leader-elected jobs", () => {
  it("run on exactly one of two instances sharing a database, and move to the other when the leader stops", async () => {
    const first = await startInstance();
    const second = await startInstance();
    const ids = [first.workers.instanceId, second.workers.instanceId];

    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(5), { timeout: 10_000, interval: 20 });
    const leaderId = runs[0]!;
    expect(ids).toContain(leaderId);
    expect(new Set(runs)).toEqual(new Set([leaderId]));

    const [leader, follower] = leaderId === first.workers.instanceId ? [first, second] : [second, first];
    instances.splice(instances.indexOf(leader), 1);
    await leader.close();
    const runsByLeader = runs.length;

    await vi.waitFor(() => expect(runs.slice(runsByLeader)).toContain(follower.workers.instanceId), {
      timeout: 10_000,
      interval: 20,
    });
    expect(new Set(runs.slice(runsByLeader))).toEqual(new Set([follower.workers.instanceId]));
    const followerJob = (await statusOf(follower)).workers.find((worker) => worker.name === JOB);
    expect(followerJob).toMatchObject({ kind: "job", state: "running", job: { leader: true } });
  });

  it("list every worker and its state at /statusz, the platform's own beside the declared ones", async () => {
    const instance = await startInstance();
    const status = await statusOf(instance);

    expect(status.instanceId).toBe(instance.workers.instanceId);
    expect(status.workers.map((worker) => [worker.name, worker.kind, worker.state]).sort()).toEqual(
      [
        ["outbox-relay", "relay", "running"],
        [JOB, "job", "running"],
        ["platform.prune-event-records", "job", "running"],
      ].sort(),
    );
    // /readyz stays about serving requests: it says nothing of workers.
    const readiness = (await (await fetch(`${instance.url}/readyz`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(readiness)).not.toContain(JOB);
  });
});
