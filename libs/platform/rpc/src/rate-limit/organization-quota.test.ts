import { randomUUID } from "node:crypto";
import {
  createTestDatabase,
  failureOf,
  startTestService,
  TEST_SERVICE_TOKEN_SECRET,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signServiceToken } from "../auth/service-token";
import { defineService } from "../service-definition";
import { organizationProcedure, router } from "../trpc";
import { createOrganizationQuotas, type OrganizationQuota } from "./organization-quota";

const ingest: OrganizationQuota = { name: "ingest", max: 2, windowSeconds: 3600 };

const quotaService = defineService({
  name: "lore",
  createRouter: (dependencies) => {
    const quotas = createOrganizationQuotas({
      redis: dependencies.redis,
      keyPrefix: dependencies.redisKeyPrefix,
      logger: dependencies.logger,
    });
    return router({
      ingest: organizationProcedure.meta({ scope: "documents:write" }).mutation(async ({ ctx }) => {
        await quotas.enforce(ingest, ctx.organizationId);
        return "ingested";
      }),
    });
  },
});

let database: TestDatabase;
let service: TestService<ReturnType<typeof quotaService.createRouter>>;

async function clientOf(organizationId: string) {
  const token = await signServiceToken({
    secret: TEST_SERVICE_TOKEN_SECRET,
    caller: "storage",
    audience: "lore",
    scope: ["documents:write"],
    organizationId,
  });
  return service.client({ token, organizationId });
}

beforeAll(async () => {
  database = await createTestDatabase();
  service = await startTestService(quotaService, { db: database.db });
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

describe("organization quotas", () => {
  it("lets an organization use its quota, then refuses with quota_exceeded and the wait, leaving other organizations alone", async () => {
    const busy = await clientOf(randomUUID());
    expect(await busy.ingest.mutate()).toBe("ingested");
    expect(await busy.ingest.mutate()).toBe("ingested");
    const refusal = await failureOf(busy.ingest.mutate());
    expect(refusal.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, reason: "quota_exceeded" });
    expect(refusal.data.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.data.retryAfterSeconds).toBeLessThanOrEqual(3600);

    const quiet = await clientOf(randomUUID());
    expect(await quiet.ingest.mutate()).toBe("ingested");
  });

  it("counts parallel calls atomically, so a burst gets exactly the quota through", async () => {
    const burst = await clientOf(randomUUID());
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => burst.ingest.mutate()));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(ingest.max);
  });
});
