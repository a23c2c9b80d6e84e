import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcknowledgedWrite, LoadReport } from "../load/steady-load";
import { runBackupRestoreDrill, type BackupDrillStack, type BackupRestoreDrillResult } from "./backup-restore";
import { createWriteTenant, insertDocument } from "./backup-restore-rows";

const adminUrl = loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL;

let source: TestDatabase;
let target: TestDatabase;
let workDir: string;
let result: BackupRestoreDrillResult;
let loadLedger: AcknowledgedWrite[];
const lines: string[] = [];

function stackOf(name: string, database: TestDatabase): BackupDrillStack {
  return {
    name,
    urls: { app: database.appUrl, owner: database.ownerUrl, admin: adminUrl },
    objectStoreDir: join(workDir, name, "objects"),
  };
}

// A load of its own kind beside the drill's writers: documents written one after another, each
// entered in a ledger the way the steady load enters the writes the services acknowledged.
async function startDocumentLoad(database: TestDatabase): Promise<{ stop(): Promise<LoadReport> }> {
  const tenant = await createWriteTenant(database.db, "load");
  const ledger: AcknowledgedWrite[] = [];
  let stopped = false;
  const running = (async () => {
    for (let n = 1; !stopped; n += 1) {
      const id = await insertDocument(database.db, tenant, `load ${n}`);
      ledger.push({
        kind: "document",
        organizationId: tenant.organizationId,
        acknowledgedAt: new Date().toISOString(),
        id,
      });
      await sleep(20);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      loadLedger = ledger;
      const writes = ledger.length;
      return {
        sent: writes,
        failed: 0,
        failuresByCode: {},
        slowestFailureMs: 0,
        writesAcknowledged: writes,
        ledger,
        shed: 0,
        failuresByOperation: {},
        durationMs: 0,
      };
    },
  };
}

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  workDir = await mkdtemp(join(tmpdir(), "cauldron-backup-drill-test-"));
  result = await runBackupRestoreDrill({
    source: stackOf("source", source),
    target: stackOf("target", target),
    load: await startDocumentLoad(source),
    tenants: 2,
    warmUpMs: 1_500,
    onProgress: (line) => lines.push(line),
  });
});

afterAll(async () => {
  await Promise.all([source?.destroy(), target?.destroy()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("backup and restore drill", () => {
  it("finds every write acknowledged before the backup point in the restored stack", () => {
    expect(result.writesBeforeBackup).toBeGreaterThan(0);
    expect(result.foundAfterRestore).toBe(result.writesBeforeBackup);
    expect(result.requestsFailed).toBe(0);
    expect(result.ok).toBe(true);
  });

  it("reads back the bytes of every restored object version and finds them intact", () => {
    expect(result.objectsChecked).toBeGreaterThan(0);
    expect(result.checksumMismatches).toBe(0);
  });

  it("looks up the load's writes from before the backup point too", () => {
    expect(loadLedger.length).toBeGreaterThan(0);
    expect(
      result.notes.some((note) => /^load: \d+ of \d+ acknowledged writes came before the backup point$/.test(note)),
    ).toBe(true);
  });

  it("fills the drills table's columns and explains the row", () => {
    expect(result).toMatchObject({ scenario: "backup and restore", writesAcknowledged: result.writesBeforeBackup });
    expect(result.writesFound).toBe(result.foundAfterRestore);
    expect(result.notes[0]).toMatch(/^backup point \S+ \(WAL [0-9A-F]+\/[0-9A-F]+\); object rows held \d+ ms$/);
  });

  it("reports progress while it writes, backs up and restores", () => {
    expect(lines.some((line) => /^backup-restore: \d+ writes acknowledged, 0 failed$/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith("backup step 6/6"))).toBe(true);
    expect(lines.some((line) => line.startsWith("restore step 6/6"))).toBe(true);
  });
});
