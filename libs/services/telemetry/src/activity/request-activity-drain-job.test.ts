import { randomUUID } from "node:crypto";
import { createServiceClient } from "@cauldron/client-core";
import { requestActivityStreamKey, type RequestActivityBatch } from "@cauldron/contracts";
import { withTenant } from "@cauldron/db";
import { createAccessTokenVerifier, createPlatformAuthenticators, createServiceServer } from "@cauldron/rpc";
import {
  TEST_AUDIENCE,
  TEST_ISSUER,
  TEST_SERVICE_TOKEN_SECRET,
  type TestOrganization,
  type TestPerson,
} from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import type { TelemetryRouter } from "../telemetry-service";
import { requestActivityDrainJob } from "./request-activity-drain-job";
import { readActivityEntries, REQUEST_ACTIVITY_GROUP } from "./request-activity-stream";

let kit: TelemetryTestKit;
let first: TestOrganization;
let second: TestOrganization;
let streamKey: string;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  first = await kit.createOrganization("first");
  second = await kit.createOrganization("second");
  streamKey = requestActivityStreamKey(kit.service.redisKeyPrefix);
});

afterAll(async () => {
  await kit?.close();
});

const redis = () => kit.service.dependencies.redis;

async function drain(): Promise<void> {
  const job = requestActivityDrainJob(kit.service.dependencies);
  await job.run({
    db: kit.database.db,
    logger: pino({ level: "silent" }),
    signal: new AbortController().signal,
    instanceId: "test",
  });
}

/** The telemetry router served with request activity reported, as every deployed service serves. */
async function startReportingServer() {
  const { dependencies, router, signer, redisKeyPrefix } = kit.service;
  const server = createServiceServer({
    name: "telemetry",
    db: dependencies.db,
    redis: dependencies.redis,
    logger: dependencies.logger,
    router,
    authenticators: createPlatformAuthenticators({
      serviceName: "telemetry",
      resources: dependencies,
      accessToken: createAccessTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwks: signer.jwks }),
      serviceTokenSecret: TEST_SERVICE_TOKEN_SECRET,
      redisKeyPrefix,
    }),
    bodyLimit: "1mb",
    shutdownTimeoutMs: 1_000,
    activity: { keyPrefix: redisKeyPrefix },
  });
  const { url } = await server.listen(0, "127.0.0.1");
  const as = (person: TestPerson, organizationId: string) =>
    createServiceClient<TelemetryRouter>({ url, token: person.token, organizationId });
  return { server, as };
}

interface ActivityRow {
  user_id: string;
  organization_id: string | null;
  details: unknown;
  ip_address: string | null;
}

const requestRowsOf = (userId: string) =>
  kit.database.ownerDb
    .selectFrom("timeseries.user_activity")
    .select(["user_id", "organization_id", "details", "ip_address"])
    .where("user_id", "=", userId)
    .where("activity_type", "=", "requests")
    .execute() as Promise<ActivityRow[]>;

// Requests may straddle a minute, so a caller's totals are summed over their rows.
function totalsOf(rows: ActivityRow[]) {
  const procedures: Record<string, number> = {};
  let requests = 0;
  for (const row of rows) {
    const details = row.details as { requests: number; procedures: Record<string, number> };
    requests += details.requests;
    for (const [name, calls] of Object.entries(details.procedures)) procedures[name] = (procedures[name] ?? 0) + calls;
  }
  return { requests, procedures };
}

const append = (batch: RequestActivityBatch) => redis().xadd(streamKey, "*", "data", JSON.stringify(batch));

describe("request activity", () => {
  it("becomes user_activity rows per user, organization and minute once a service flushes it", async () => {
    const { server, as } = await startReportingServer();
    const range = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") };
    await as(first.owner, first.id).telemetry.info.query();
    await as(first.owner, first.id).telemetry.info.query();
    await as(first.owner, first.id).telemetry.metrics.list.query(range);
    // A member of another organization naming this one is counted, but not as this organization's.
    await as(second.owner, first.id).telemetry.info.query();
    await expect(as(second.owner, first.id).telemetry.metrics.list.query(range)).rejects.toThrow(/not a member/);
    await server.close();
    await drain();

    const owners = await requestRowsOf(first.owner.id);
    expect(owners.every((row) => row.organization_id === first.id && row.ip_address === "127.0.0.1")).toBe(true);
    expect(totalsOf(owners)).toEqual({ requests: 3, procedures: { "telemetry.info": 2, "telemetry.metrics.list": 1 } });
    const intruders = await requestRowsOf(second.owner.id);
    expect(intruders.every((row) => row.organization_id === null)).toBe(true);
    expect(totalsOf(intruders)).toEqual({
      requests: 2,
      procedures: { "telemetry.info": 1, "telemetry.metrics.list": 1 },
    });

    const seenBy = (organization: TestOrganization) =>
      withTenant(kit.database.db, { userId: organization.owner.id, organizationId: organization.id }, (trx) =>
        trx.selectFrom("timeseries.user_activity").select("user_id").distinct().execute(),
      );
    expect(await seenBy(first)).toEqual([{ user_id: first.owner.id }]);
    expect(await seenBy(second)).toEqual([]);
  });

  it("counts a batch once however often it arrives, and adds later batches to the minute's row", async () => {
    const member = await kit.createUser("busy");
    await kit.addMember(second.id, member, "member");
    const entry = {
      userId: member.id,
      organizationId: second.id,
      minute: "2026-12-01T09:30:00.000Z",
      ipAddress: "203.0.113.5",
      userAgent: "first/1",
    };
    const early: RequestActivityBatch = {
      batchId: randomUUID(),
      service: "lore",
      entries: [{ ...entry, requests: 2, procedures: { "lore.documents.list": 2 } }],
    };
    const late: RequestActivityBatch = {
      batchId: randomUUID(),
      service: "org",
      entries: [{ ...entry, requests: 1, procedures: { "org.teams.list": 1 }, ipAddress: "198.51.100.9" }],
    };
    await append(early);
    await append(early);
    await redis().xadd(streamKey, "*", "data", "not a batch");
    await drain();
    await append(late);
    await append(early);
    // Read by a run that then died before storing it: the next run finds it among the pending entries.
    await readActivityEntries(redis(), streamKey, "new", 10);
    await drain();

    expect(await requestRowsOf(member.id)).toEqual([
      {
        user_id: member.id,
        organization_id: second.id,
        details: { requests: 3, procedures: { "lore.documents.list": 2, "org.teams.list": 1 } },
        ip_address: "198.51.100.9",
      },
    ]);
    const pending = (await redis().xpending(streamKey, REQUEST_ACTIVITY_GROUP)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it("drops the activity of a user deleted before it was drained", async () => {
    const gone = await kit.createUser("gone");
    await kit.database.ownerDb.deleteFrom("users").where("id", "=", gone.id).execute();
    await append({
      batchId: randomUUID(),
      service: "org",
      entries: [
        {
          userId: gone.id,
          organizationId: null,
          minute: "2026-12-01T09:31:00.000Z",
          requests: 1,
          procedures: { "org.info": 1 },
          ipAddress: null,
          userAgent: null,
        },
      ],
    });
    await drain();
    expect(await requestRowsOf(gone.id)).toEqual([]);
  });
});
