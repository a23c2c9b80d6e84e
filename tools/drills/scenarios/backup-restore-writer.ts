import { randomBytes, randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { DrillWrite } from "./backup-restore-ledger";
import { deleteObject, putObject, type StoredObject } from "./backup-restore-objects";
import { insertDocument, insertEmbedding, insertPoint, type WriteTenant } from "./backup-restore-rows";

export interface DrillWriterOptions {
  db: Kysely<Database>;
  storeDir: string;
  tenants: readonly WriteTenant[];
  /** The pause between one tenant's writes, which keeps the load steady and bounded. */
  pauseMs?: number;
  onProgress?: (line: string) => void;
}

/** Writes running in every tenant at once until stopped. */
export interface DrillWriter {
  acknowledged(): number;
  /** Stops after the writes in flight; answers every write sent and how many failed. */
  stop(): Promise<{ writes: DrillWrite[]; failed: number }>;
}

type Outcome =
  | { kind: "document" | "embedding"; id: string }
  | { kind: "point"; metricName: string }
  | {
      kind: "object";
      path: string;
      result: StoredObject | null;
    };

/**
 * Writes documents, embeddings, time-series points and objects (new, replaced and deleted, so
 * bytes are removed while a backup runs) into each tenant, one write at a time per tenant,
 * recording when each started and was acknowledged.
 */
export function startDrillWriter(options: DrillWriterOptions): DrillWriter {
  const { db, storeDir } = options;
  const writes: DrillWrite[] = [];
  let acknowledged = 0;
  let failed = 0;
  let stopped = false;

  // Chooses the next write; an object write names its path first, so a failure can mark it unknown.
  function plan(tenant: WriteTenant, live: string[], n: number): { path?: string; run(): Promise<Outcome> } {
    const roll = Math.random();
    const label = `drill ${n}`;
    if (roll < 0.25) return { run: async () => ({ kind: "document", id: await insertDocument(db, tenant, label) }) };
    if (roll < 0.4) return { run: async () => ({ kind: "embedding", id: await insertEmbedding(db, tenant, label) }) };
    if (roll < 0.6) {
      const metricName = `drill.${tenant.organizationId}.${n}`;
      const run = async (): Promise<Outcome> => {
        await insertPoint(db, tenant, metricName);
        return { kind: "point", metricName };
      };
      return { run };
    }
    const bytes = randomBytes(randomInt(1_024, 32_768));
    const put = (path: string) => async (): Promise<Outcome> => {
      const result = await putObject(db, storeDir, tenant, path, bytes);
      return { kind: "object", path, result };
    };
    if (roll < 0.8 || live.length < 3) {
      const path = `drill/${n}.bin`;
      live.push(path);
      return { path, run: put(path) };
    }
    const path = live[randomInt(live.length)]!;
    if (roll < 0.9) return { path, run: put(path) };
    live.splice(live.indexOf(path), 1);
    const remove = async (): Promise<Outcome> => {
      await deleteObject(db, storeDir, tenant, path);
      return { kind: "object", path, result: null };
    };
    return { path, run: remove };
  }

  async function work(tenant: WriteTenant): Promise<void> {
    const live: string[] = [];
    const owner = { organizationId: tenant.organizationId, userId: tenant.userId };
    for (let n = 1; !stopped; n += 1) {
      const startedAt = Date.now();
      const write = plan(tenant, live, n);
      try {
        writes.push({ ...owner, ...(await write.run()), startedAt, acknowledgedAt: Date.now() });
        acknowledged += 1;
      } catch (error) {
        failed += 1;
        options.onProgress?.(`backup-restore: a write failed: ${(error as Error).message}`);
        if (write.path !== undefined) {
          if (live.includes(write.path)) live.splice(live.indexOf(write.path), 1);
          const unknown = { kind: "object", path: write.path, result: "unknown" } as const;
          writes.push({ ...owner, ...unknown, startedAt, acknowledgedAt: Infinity });
        }
      }
      await sleep(options.pauseMs ?? 5);
    }
  }

  const workers = options.tenants.map((tenant) => work(tenant));
  const ticker = setInterval(() => {
    options.onProgress?.(`backup-restore: ${acknowledged} writes acknowledged, ${failed} failed`);
  }, 1_000);
  ticker.unref();
  return {
    acknowledged: () => acknowledged,
    async stop() {
      stopped = true;
      clearInterval(ticker);
      await Promise.all(workers);
      return { writes, failed };
    },
  };
}
