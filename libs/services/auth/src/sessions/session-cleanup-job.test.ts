import { REVOCATION_RETENTION_SECONDS, type WorkerStatus } from "@cauldron/rpc";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";
import { sessionCleanupJob } from "./session-cleanup-job";

const LIFETIME_SECONDS = 24 * 3600;

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness({ SESSION_ABSOLUTE_LIFETIME_SECONDS: String(LIFETIME_SECONDS) });
});

afterAll(async () => {
  await harness?.close();
});

async function sessionExists(sessionId: string): Promise<boolean> {
  const row = await harness.database.ownerDb
    .selectFrom("user_sessions")
    .select("id")
    .where("family_id", "=", sessionId)
    .executeTakeFirst();
  return row !== undefined;
}

describe("session cleanup job", () => {
  it("is declared by the auth service and runs there as a leader-elected job", async () => {
    const status = (await (await fetch(`${harness.service.url}/statusz`)).json()) as { workers: WorkerStatus[] };
    expect(status.workers).toContainEqual(expect.objectContaining({ name: "auth.delete-ended-sessions", kind: "job" }));
  });

  it("deletes every user's long-ended sessions in batches and keeps live ones", async () => {
    const ended = await harness.signUp("job-ended");
    const live = await harness.signUp("job-live");
    const longAgo = new Date(Date.now() - (REVOCATION_RETENTION_SECONDS + 60) * 1000);
    await harness.database.ownerDb
      .updateTable("user_sessions")
      .set({ revoked_at: longAgo })
      .where("family_id", "=", ended.session.sessionId)
      .execute();

    await sessionCleanupJob({ absoluteLifetimeSeconds: LIFETIME_SECONDS }).run({
      db: harness.database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

    expect(await sessionExists(ended.session.sessionId)).toBe(false);
    expect(await sessionExists(live.session.sessionId)).toBe(true);
  });
});
