import { loadConfig, SERVICE_NAMES, toolingEnvSchema } from "@cauldron/config";
import { createDatabase, migrateUp } from "@cauldron/db";
import { resolveAdminCredentials } from "../seed/admin-credentials";
import { seedDefaultTenant } from "../seed/seed-default-tenant";
import { spawnService, waitUntilReady, type ServiceProcess } from "./service-processes";

const STEPS = 4;
const step = (index: number, text: string) => process.stdout.write(`[start ${index}/${STEPS}] ${text}\n`);

const tooling = loadConfig(toolingEnvSchema);

step(1, "applying database migrations");
const ownerDb = createDatabase({ url: tooling.DATABASE_OWNER_URL, poolMax: 2, applicationName: "cauldron-start" });
const applied = await migrateUp(ownerDb, {
  onProgress: (progress) => process.stdout.write(`        ${progress.label}\n`),
});
process.stdout.write(`        ${applied.length === 0 ? "schema already up to date" : `${applied.length} applied`}\n`);

step(2, "seeding the default organization and admin user");
const admin = resolveAdminCredentials(".data/admin-credentials.json");
const seeded = await seedDefaultTenant(ownerDb, admin);
await ownerDb.destroy();

step(3, `starting ${SERVICE_NAMES.length} services`);
const services: ServiceProcess[] = SERVICE_NAMES.map((name, index) => spawnService(name, index, process.env));
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  stopping = true;
  process.stdout.write("[start] stopping services…\n");
  for (const service of services) service.child.kill("SIGTERM");
  await Promise.all(services.map((service) => service.exited));
  process.stdout.write("[start] all services stopped\n");
  process.exit(exitCode);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
for (const service of services) {
  void service.exited.then((code) => {
    if (stopping) return;
    process.stdout.write(`[start] ${service.name} exited unexpectedly (code ${code}); stopping the platform\n`);
    void stopAll(1);
  });
}

step(4, "waiting for every service to report ready");
let ready = 0;
try {
  await Promise.all(
    services.map(async (service) => {
      await waitUntilReady(service, 60_000);
      ready += 1;
      process.stdout.write(`        ${service.name} ready (${ready}/${services.length})\n`);
    }),
  );
} catch (error) {
  process.stdout.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
}

const rows = services.map(
  (service) => `  ${service.name.padEnd(10)} ${service.url}/trpc   (ready: ${service.url}/readyz)`,
);
process.stdout.write(
  [
    "",
    "Cauldron sEOS is running.",
    ...rows,
    "",
    `Default organization: ${seeded.organizationId} (slug "default")`,
    `Admin user:           ${admin.email}`,
    `Admin password:       ${admin.password}${seeded.createdAdmin ? "  (new; kept in .data/admin-credentials.json)" : ""}`,
    "Sign in with the typed client: createPlatformClient(...).auth.signIn.mutate({ email, password })",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"),
);
