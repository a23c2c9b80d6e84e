import { platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { createStorageService } from "@cauldron/service-storage";
import { clearTestRedisPrefix, createTestDatabase, createTestPeople, startTestService } from "@cauldron/testing";
import { startBenchControlServer } from "../storage/bench-control-server";

// Runs the storage service in its own process, so the bench's client and its disk work never
// share the service's event loop, and the service's memory is its own. The byte backend comes
// from the STORAGE_* variables the bench sets before it starts this script; STORAGE_BENCH_BARE_DIR,
// when set, is where the control server's bare transfers write.
const database = await createTestDatabase();
const poolMax = platformEnvSchema.parse({}).DATABASE_POOL_MAX;
const servicesDb = createDatabase({ url: database.appUrl, poolMax, applicationName: "cauldron-bench-storage" });
const service = await startTestService(createStorageService(), { db: servicesDb, workers: { leaseMs: 60_000 } });
const people = createTestPeople(database, {
  // Long enough for the slowest run; the signer's default of five minutes is not.
  issueAccessToken: (claims) => service.signer.issueAccessToken({ ...claims, expiresInSeconds: 3_600 }),
});
const organization = await people.createOrganization("bench");
const control = await startBenchControlServer(process.env.STORAGE_BENCH_BARE_DIR || undefined);

process.stdout.write(
  `${JSON.stringify({
    apiUrl: `${service.url}/orgs/${organization.id}`,
    token: organization.owner.token,
    controlUrl: control.url,
  })}\n`,
);

process.on("SIGTERM", async () => {
  control.close();
  await service.close();
  await servicesDb.destroy();
  await clearTestRedisPrefix(service.redisKeyPrefix);
  await database.destroy();
  process.exit(0);
});
