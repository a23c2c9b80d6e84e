import { createOrgClient } from "@cauldron/client-org";
import { existsSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateStack, type PrivateStack } from "./private-stack";
import { startReplicaSet, type ReplicaSet } from "./replica-set";

// Ports of this file alone, away from the dev stack and every other test, and above Linux's
// ephemeral range (32768-60999), so no test's or client's socket can hold them.
const POSTGRES_PORT = 61410;
const REDIS_PORT = 63810;
const BASE_PORT = 4300;

const progress: string[] = [];
let stack: PrivateStack | undefined;
let replicas: ReplicaSet | undefined;

beforeAll(async () => {
  const onProgress = (line: string) => progress.push(line);
  stack = await startPrivateStack({
    name: "replica-set-test",
    postgresPort: POSTGRES_PORT,
    redisPort: REDIS_PORT,
    onProgress,
  });
  replicas = await startReplicaSet({ stack, services: ["org"], replicas: 2, basePort: BASE_PORT, onProgress });
}, 120_000);

afterAll(async () => {
  await replicas?.stop();
  await stack?.destroy();
}, 60_000);

async function roleNames(adminUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ rolname: string }>(
      "select rolname from pg_roles where rolname like 'cauldron%' order by rolname",
    );
    return result.rows.map((row) => row.rolname);
  } finally {
    await client.end();
  }
}

describe("a private stack with two replicas of org behind a proxy", () => {
  it("has the dev stack's roles and leaves the replicas' output in log files", async () => {
    const { dataDir, urls } = stack as PrivateStack;

    expect(await roleNames(urls.admin)).toEqual(["cauldron_app", "cauldron_owner", "cauldron_system"]);
    expect(existsSync(`${dataDir}/logs/org-0.log`) && existsSync(`${dataDir}/logs/org-1.log`)).toBe(true);
  });

  it("keeps answering through the proxy while a replica restarts", async () => {
    const set = replicas as ReplicaSet;
    const org = createOrgClient({ url: set.urls.org });
    const firstReplica = createOrgClient({ url: set.replicaUrls.org[0] as string });

    expect((await fetch(`${set.urls.org}/readyz`)).status).toBe(200);
    expect(await org.org.info.query()).toMatchObject({ name: "org" });
    const before = await firstReplica.org.info.query();

    await set.restartReplica("org", 0);

    expect((await firstReplica.org.info.query()).startedAt.getTime()).toBeGreaterThan(before.startedAt.getTime());
    const answers = await Promise.all([org.org.info.query(), org.org.info.query(), fetch(`${set.urls.org}/readyz`)]);
    expect(answers.map((answer) => ("status" in answer ? answer.status : answer.name))).toEqual(["org", "org", 200]);
    const counts = set.proxyCounts().org;
    expect(Object.values(counts?.requestsByReplica ?? {}).every((count) => count > 0)).toBe(true);
    expect(counts?.unavailable).toBe(0);
  }, 90_000);
});
