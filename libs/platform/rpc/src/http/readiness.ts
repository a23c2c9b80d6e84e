import { sql } from "kysely";
import type { ServiceResources } from "../context";

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
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

/** Asks Postgres and Redis for an answer within a deadline; ready only when both answer. */
export async function checkReadiness(
  resources: Pick<ServiceResources, "db" | "redis">,
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
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ready: entries.every(([, result]) => result.ok), checks };
}
