import { platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { generateApiToken } from "@cauldron/rpc";
import { createTelemetryService } from "@cauldron/service-telemetry";
import { clearTestRedisPrefix, createTestDatabase, createTestPeople, startTestService } from "@cauldron/testing";
import { sql } from "kysely";
import { pino } from "pino";
import { partitionUpkeepJob } from "../../../libs/services/telemetry/src/partitions/partition-upkeep-job";
import { startBenchControlServer } from "../storage/bench-control-server";
import { startCpuProfile } from "./ingest-cpu-profile";
import { ingestBenchSettings } from "./ingest-settings";

// Runs the telemetry service in its own process, so the bench's clients never share its event
// loop and its memory and CPU profile are its own. Its jobs do not run: the one that matters here,
// partition upkeep, runs once before the first write, so every path finds the day's partitions.
const settings = ingestBenchSettings();
const profile = settings.BENCH_TELEMETRY_PROFILE ? await startCpuProfile() : undefined;
const database = await createTestDatabase();
const poolMax = platformEnvSchema.parse({}).DATABASE_POOL_MAX;
const servicesDb = createDatabase({ url: database.appUrl, poolMax, applicationName: "cauldron-bench-telemetry" });
const service = await startTestService(createTelemetryService(), { db: servicesDb, workers: false });
await partitionUpkeepJob().run({
  db: servicesDb,
  logger: pino({ level: "silent" }),
  signal: new AbortController().signal,
  instanceId: "bench",
});
const people = createTestPeople(database, {
  // Long enough for the slowest run; the signer's default of five minutes is not.
  issueAccessToken: (claims) => service.signer.issueAccessToken({ ...claims, expiresInSeconds: 3_600 }),
});
const organization = await people.createOrganization("ingest");
const issued = generateApiToken();
await database.ownerDb
  .insertInto("api_tokens")
  .values({
    user_id: organization.owner.id,
    name: "ingest benchmark",
    prefix: issued.prefix,
    secret_hash: issued.secretHash,
    scopes: ["metrics:write"],
    organization_id: organization.id,
  })
  .execute();
const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(servicesDb);
const control = await startBenchControlServer();

process.stdout.write(
  `${JSON.stringify({
    url: service.url,
    token: organization.owner.token,
    apiToken: issued.token,
    userId: organization.owner.id,
    organizationId: organization.id,
    appUrl: database.appUrl,
    ownerUrl: database.ownerUrl,
    controlUrl: control.url,
    partitioning: rows[0]?.mode ?? "unknown",
  })}\n`,
);

process.on("SIGTERM", async () => {
  if (profile && settings.BENCH_TELEMETRY_PROFILE) await profile.stopInto(settings.BENCH_TELEMETRY_PROFILE);
  control.close();
  await service.close();
  await servicesDb.destroy();
  await clearTestRedisPrefix(service.redisKeyPrefix);
  await database.destroy();
  process.exit(0);
});
