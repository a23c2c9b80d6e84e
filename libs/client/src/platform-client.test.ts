import { authService } from "@cauldron/service-auth";
import { loreService } from "@cauldron/service-lore";
import { orgService } from "@cauldron/service-org";
import { storageService } from "@cauldron/service-storage";
import { telemetryService } from "@cauldron/service-telemetry";
import { vectorService } from "@cauldron/service-vector";
import { createTestDatabase, startTestService, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformClient, ingressUrls, PLATFORM_SERVICES, type PlatformService } from "./platform-client";

const definitions: Parameters<typeof startTestService>[0][] = [
  authService,
  orgService,
  loreService,
  vectorService,
  telemetryService,
  storageService,
];

let database: TestDatabase;
let running: { name: PlatformService; url: string; close(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  running = await Promise.all(
    definitions.map(async (definition) => {
      const service = await startTestService(definition, { db: database.db });
      return { name: definition.name, url: service.url, close: service.close };
    }),
  );
});

afterAll(async () => {
  await Promise.all(running.map((service) => service.close()));
  await database?.destroy();
});

function urls(): Record<PlatformService, string> {
  return Object.fromEntries(running.map((service) => [service.name, service.url])) as Record<PlatformService, string>;
}

describe("platform client", () => {
  it("covers exactly the platform's services", () => {
    expect([...PLATFORM_SERVICES].sort()).toEqual(definitions.map((definition) => definition.name).sort());
  });

  it("reaches every service's info query through one typed client", async () => {
    const platform = createPlatformClient({ urls: urls() });
    const answers = await Promise.all([
      platform.auth.info.query(),
      platform.org.info.query(),
      platform.lore.info.query(),
      platform.vector.info.query(),
      platform.telemetry.info.query(),
      platform.storage.info.query(),
    ]);
    expect(answers.map((answer) => answer.name)).toEqual(["auth", "org", "lore", "vector", "telemetry", "storage"]);
    for (const answer of answers) {
      expect(answer.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(answer.startedAt).toBeInstanceOf(Date);
      expect(answer.uptimeSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it("has every service answer its health and readiness probes", async () => {
    for (const service of running) {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    }
  });

  it("maps an ingress base URL to one path per service", () => {
    expect(ingressUrls("https://api.example.com/")).toMatchObject({
      auth: "https://api.example.com/auth",
      storage: "https://api.example.com/storage",
    });
  });
});
