import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDrillPlatform, type DrillPlatform } from "./drill-platform";
import type { DrillResult } from "./drill-result";
import { runPostgresRestartDrill } from "./scenarios/postgres-restart";
import { runRedisRestartDrill } from "./scenarios/redis-restart";
import { runRollingRestartDrill } from "./scenarios/rolling-restart";

// Short versions of drills 1-3 (npm run drills runs the full ones): their own Postgres and Redis,
// on ports above the ephemeral range, so the test files running beside them see nothing of it.
const PORTS = { postgres: 61442, redis: 63842, services: 4450 };
// A request counts as hung after 30 s: the test files beside this one share its two cores, and a
// starved CPU is not what these drills test.
const LOAD = { requestsPerSecond: 5, steadyMs: 3_000, recoveryMs: 3_000, requestTimeoutMs: 30_000 };

let platform: DrillPlatform | undefined;
const say = (line: string) => {
  if (!line.startsWith("load ")) console.info(`[drills] ${line}`);
};

const explain = (result: DrillResult) => `${result.scenario}:\n  ${result.notes.join("\n  ")}`;

beforeAll(async () => {
  platform = await startDrillPlatform({
    name: "test-drills",
    ports: PORTS,
    replicas: 2,
    organizations: 2,
    onProgress: say,
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
}, 120_000);

describe("drills under a steady load, two replicas of every service", () => {
  it("restarts a replica of every service with no failed request, lost write, lost event or stream gap", async () => {
    const result = await runRollingRestartDrill(platform!, { ...LOAD, replicasPerService: 1, onProgress: say });
    expect(result.requestsSent).toBeGreaterThan(0);
    expect(result.writesAcknowledged).toBeGreaterThan(0);
    expect(result.ok, explain(result)).toBe(true);
  }, 300_000);

  it("rides out a Redis restart: no failed request, and every event handled once after it", async () => {
    const result = await runRedisRestartDrill(platform!, { ...LOAD, outageMs: 2_000, onProgress: say });
    expect(result.eventsPublished).toBeGreaterThan(0);
    expect(result.ok, explain(result)).toBe(true);
  }, 180_000);

  it("answers a Postgres restart with fast typed errors, recovers by itself and keeps every acknowledged write", async () => {
    const result = await runPostgresRestartDrill(platform!, {
      ...LOAD,
      outageMs: 2_000,
      failFastWithinMs: 6_000,
      onProgress: say,
    });
    expect(result.ok, explain(result)).toBe(true);
  }, 180_000);
});
