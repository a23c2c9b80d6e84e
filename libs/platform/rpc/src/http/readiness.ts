import { sql } from "kysely";
import type { ServiceResources } from "../context";

/** What /readyz answers: booleans only, so no dependency's error text ever reaches a client. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean }>;
}

async function withinDeadline(check: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([check(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// A replica works around a Redis outage (rate limits count in memory, revocations are read from
// Postgres, events wait in the outbox), and Redis is shared by every replica: failing readiness on
// it would pull them all out of service at once. So only Postgres decides; Redis is reported.
const REQUIRED_FOR_READINESS = new Set(["postgres"]);

/**
 * Asks Postgres and Redis for an answer within a deadline; ready when Postgres answers, with each
 * dependency's state reported. Each failure goes to `onFailure` (for the log), never into the report.
 */
export async function checkReadiness(
  resources: Pick<ServiceResources, "db" | "redis">,
  onFailure: (check: string, error: unknown) => void,
  deadlineMs = 2_000,
): Promise<ReadinessReport> {
  const probes = {
    postgres: () => sql`select 1`.execute(resources.db),
    redis: () => resources.redis.ping(),
  };
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      try {
        await withinDeadline(probe, deadlineMs);
        return [name, { ok: true }] as const;
      } catch (error) {
        onFailure(name, error);
        return [name, { ok: false }] as const;
      }
    }),
  );
  const ready = entries.every(([name, result]) => result.ok || !REQUIRED_FOR_READINESS.has(name));
  return { ready, checks: Object.fromEntries(entries) };
}
