import { startTelemetryTestKit, type TelemetryTestKit } from "@cauldron/service-telemetry/testing";
import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { batchesOf } from "../storage/bounded-concurrency";
import type { IngestTenant } from "./ingest-copy-baseline";
import { writeThroughLineProtocol } from "./ingest-line-protocol";
import { ingestBenchPoints } from "./ingest-points";
import { checkTally, emptyIngestTables, expectedTally, tallyIngestedRows } from "./ingest-table";
import { writeThroughTypedClient } from "./ingest-typed-client";

let kit: TelemetryTestKit;
let organization: TestOrganization;
let tenant: IngestTenant;
let apiToken: string;
const points = ingestBenchPoints(12_000, new Date());

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  organization = await kit.createOrganization("paths");
  tenant = { userId: organization.owner.id, organizationId: organization.id };
  apiToken = await kit.createApiToken(organization.owner, ["metrics:write"], { organizationId: organization.id });
});

afterAll(async () => {
  await kit?.close();
});

beforeEach(async () => {
  await emptyIngestTables(kit.database.ownerUrl);
});

describe("the service's write paths as the benchmark drives them", () => {
  it("writes every point through telemetry.metrics.write with concurrent typed clients", async () => {
    const target = { url: kit.service.url, token: organization.owner.token, tenant };
    expect(await writeThroughTypedClient(target, batchesOf(points, 2_500), 3)).toBe(points.length);
    checkTally("typed client", await tallyIngestedRows(kit.database.appUrl, tenant), expectedTally(points));
  });

  it("writes every point as line protocol through concurrent InfluxDB WriteApis, the last batch short", async () => {
    const target = { url: kit.service.url, apiToken, tenant };
    expect(await writeThroughLineProtocol(target, batchesOf(points, 5_000), 2)).toBe(points.length);
    checkTally("line protocol", await tallyIngestedRows(kit.database.appUrl, tenant), expectedTally(points));
  });

  it("fails when the service refuses a batch, as with a token that may not write", async () => {
    const readOnly = await kit.createApiToken(organization.owner, ["metrics:read"], {
      organizationId: organization.id,
    });
    const target = { url: kit.service.url, apiToken: readOnly, tenant };
    await expect(writeThroughLineProtocol(target, batchesOf(points.slice(0, 10), 10), 1)).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
