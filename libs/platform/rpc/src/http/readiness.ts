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

/**
 * Asks Postgres and Redis for an answer within a deadline; ready only when both answer. Each
 * failure goes to `onFailure` (for the log), never into the report.
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
  return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
}
