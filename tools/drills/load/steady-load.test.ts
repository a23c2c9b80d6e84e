import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitEventsHandled, type EventAccounting } from "./event-accounting";
import { WRITE_KINDS, type AcknowledgedWrite, type AcknowledgedWriteOf } from "./ledger";
import { seedOrganizations, type SeededOrganization } from "./seed-organizations";
import { startSteadyLoad, type LoadReport } from "./steady-load";
import { watchOrganizationChanges, type SubscriptionReport } from "./subscription-watch";
import { startRedisServer, type RedisServer } from "@cauldron/testing";
import { startServicesInProcess, type ServicesInProcess } from "./testing/services-in-process";
import { verifyLedger } from "./verify-ledger";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
let redis: RedisServer;
let services: ServicesInProcess;
let storageDir: string;
let organizations: SeededOrganization[];
let report: LoadReport;
let events: EventAccounting;
let subscription: SubscriptionReport;
const progress: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startRedisServer();
  storageDir = await mkdtemp(path.join(tmpdir(), "drill-load-"));
  services = await startServicesInProcess({ databaseUrl: database.appUrl, redisUrl: redis.url, storageDir });
  organizations = await seedOrganizations({ urls: services.urls, systemDatabaseUrl: database.ownerUrl, count: 2 });

  const from = new Date();
  const watch = watchOrganizationChanges({
    orgUrl: services.urls.org,
    organization: organizations[0]!,
    systemDatabaseUrl: database.ownerUrl,
  });
  await watch.started;
  const load = startSteadyLoad({
    urls: services.urls,
    organizations,
    requestsPerSecond: 10,
    // Room for slow answers on a busy machine: this test is about what the load sees, not about shedding.
    maxInFlight: 50,
    progressEveryMs: 1_000,
    onProgress: (line) => progress.push(line),
  });
  await pause(4_000);
  report = await load.stop();
  events = await awaitEventsHandled({
    systemDatabaseUrl: database.ownerUrl,
    from,
    to: new Date(),
    organizationIds: organizations.map((organization) => organization.organizationId),
    metricsUrls: [`${services.urls.telemetry}/metrics`],
    timeoutMs: 30_000,
  });
  subscription = await watch.stop();
}, 120_000);

afterAll(async () => {
  await services?.stop();
  await redis?.stop();
  await database?.destroy();
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

describe("a steady load against a healthy platform", () => {
  it("sends reads and writes to every service without a failure, reporting as it goes", () => {
    expect(report.failed, JSON.stringify(report.failuresByCode)).toBe(0);
    expect(report.writesAcknowledged).toBe(report.ledger.length);
    expect(new Set(report.ledger.map((write) => write.kind))).toEqual(new Set(WRITE_KINDS));
    expect(new Set(report.ledger.map((write) => write.organizationId)).size).toBe(organizations.length);
    expect(progress.at(-1)).toMatch(/^load \d+s: sent \d+, failed 0, acknowledged \d+, in flight 0$/);
  });

  it("finds every acknowledged write, objects with the bytes that were uploaded", async () => {
    const verification = await verifyLedger(report.ledger, {
      systemDatabaseUrl: database.ownerUrl,
      objectStoreDir: storageDir,
    });
    expect(verification.allFound).toBe(true);
    for (const kind of WRITE_KINDS) {
      const acknowledged = report.ledger.filter((write) => write.kind === kind).length;
      expect(verification.byKind[kind]).toEqual({
        acknowledged,
        found: acknowledged,
        missingCount: 0,
        missing: [],
        corrupted: [],
      });
    }
  });

  it("accounts for every event the load published as handled once by the event log", () => {
    expect(events.published).toBeGreaterThan(0);
    expect(events).toMatchObject({
      relayed: events.published,
      handled: events.published,
      handledTwice: 0,
      processedRecords: events.published,
      missing: 0,
      duplicateDeliveries: 0,
    });
  });

  it("delivers every change of the watched organization to its subscriber once, without a gap", () => {
    const teamsCreated = report.ledger.filter(
      (write) => write.kind === "team" && write.organizationId === organizations[0]!.organizationId,
    ).length;
    expect(subscription.expected).toBe(teamsCreated);
    expect(subscription).toMatchObject({
      received: teamsCreated,
      gaps: 0,
      duplicates: 0,
      resets: 0,
      reopenedAfter: {},
    });
  });

  it("reports writes it cannot find and objects whose stored bytes changed", async () => {
    const object = report.ledger.find((write): write is AcknowledgedWriteOf<"object"> => write.kind === "object")!;
    const lost: AcknowledgedWrite = { ...object, path: `load/${randomUUID()}.bin` };
    const stored = await database.ownerDb
      .selectFrom("storage.objects")
      .select(["organization_id", "version"])
      .where("organization_id", "=", object.organizationId)
      .where("name", "=", object.path)
      .executeTakeFirstOrThrow();
    await writeFile(path.join(storageDir, stored.organization_id, stored.version), randomBytes(64));

    const verification = await verifyLedger([object, lost], {
      systemDatabaseUrl: database.ownerUrl,
      objectStoreDir: storageDir,
    });
    expect(verification.allFound).toBe(false);
    expect(verification.byKind.object).toMatchObject({
      acknowledged: 2,
      found: 0,
      missingCount: 1,
      missing: [`${lost.organizationId}/${object.bucket}/${lost.path}`],
      corrupted: [`${object.organizationId}/${object.bucket}/${object.path}: stored bytes differ`],
    });
  });
});
