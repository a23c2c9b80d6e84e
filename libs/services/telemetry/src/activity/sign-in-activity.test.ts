import { randomBytes } from "node:crypto";
// eslint-disable-next-line @nx/enforce-module-boundaries -- telemetry learns of sign-ins from auth's events; this test boots auth to publish real ones
import { createAuthService, type AuthRouter } from "@cauldron/service-auth";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryService, type TelemetryRouter } from "../telemetry-service";

/*
 * Auth and telemetry on one database and event stream, as deployed: auth writes its events to the
 * outbox, telemetry's workers relay them and its event-log consumer records them.
 */

let database: TestDatabase;
let auth: TestService<AuthRouter>;
let telemetry: TestService<TelemetryRouter>;
const redisKeyPrefix = createTestRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase();
  auth = await startTestService(
    createAuthService({
      redisKeyPrefix,
      environment: { NODE_ENV: "test", AUTH_EMAIL_CONFIRMATION: "optional", AUTH_APP_URL: "https://app.example.test" },
    }),
    { db: database.db, redisKeyPrefix, workers: false },
  );
  telemetry = await startTestService(createTelemetryService(), {
    db: database.db,
    redisKeyPrefix,
    workers: { leaseMs: 60_000 },
  });
});

afterAll(async () => {
  await telemetry?.close();
  await auth?.close();
  await clearTestRedisPrefix(redisKeyPrefix);
  await database?.destroy();
});

const activityOf = (userId: string) =>
  database.ownerDb
    .selectFrom("timeseries.user_activity")
    .select(["activity_type", "organization_id", "details", "ip_address", "user_agent"])
    .where("user_id", "=", userId)
    .orderBy("time")
    .execute();

async function eventuallyActivity(userId: string, rows: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const activity = await activityOf(userId);
    if (activity.length >= rows || Date.now() > deadline) return activity;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("sign-ins through the auth service", () => {
  it("become the user's activity and land in the event log once each", async () => {
    const email = `sign-in-${randomBytes(4).toString("hex")}@example.test`;
    const password = `correct horse ${randomBytes(6).toString("hex")}`;
    const client = auth.client({ headers: { "user-agent": "activity-test/1.0" } });
    const signedUp = await client.auth.signUp.mutate({ email, password });
    if (signedUp.status !== "signed_in") throw new Error("sign-up did not sign in");
    const userId = signedUp.session.user.id;
    await client.auth.signIn.mutate({ email, password });

    // The test client calls over loopback, without a proxy in between.
    const signedFrom = {
      ip_address: expect.stringMatching(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/),
      user_agent: "activity-test/1.0",
    };
    expect(await eventuallyActivity(userId, 2)).toEqual([
      { ...signedFrom, activity_type: "sign_up", organization_id: null, details: {} },
      { ...signedFrom, activity_type: "sign_in", organization_id: null, details: { aal: "aal1" } },
    ]);
    const logged = await database.ownerDb
      .selectFrom("timeseries.events")
      .select(["event_type", "source", "organization_id", "user_id"])
      .where("entity_id", "=", userId)
      .where("event_type", "in", ["user.signed_up", "user.signed_in"])
      .orderBy("time")
      .execute();
    expect(logged).toEqual([
      { event_type: "user.signed_up", source: "auth", organization_id: null, user_id: userId },
      { event_type: "user.signed_in", source: "auth", organization_id: null, user_id: userId },
    ]);
  });
});
