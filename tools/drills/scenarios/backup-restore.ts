import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "@cauldron/db";
import { createBackup } from "../../backup/create-backup";
import { databaseLocationOf } from "../../backup/database-location";
import { restoreBackup } from "../../backup/restore-backup";
import type { LoadReport } from "../load/steady-load";
import { expectationsAt } from "./backup-restore-ledger";
import { foreignRowsVisible, lookUpExpectations } from "./backup-restore-lookup";
import { verifyLoadBeforePoint } from "./backup-restore-load";
import { createWriteTenant } from "./backup-restore-rows";
import { backupRestoreVerdict, type BackupRestoreDrillResult } from "./backup-restore-verdict";
import { startDrillWriter, type DrillWriter } from "./backup-restore-writer";

export type { BackupRestoreDrillResult };

/** What the drill needs of a stack (a PrivateStack has it): database URLs and the object store folder. */
export interface BackupDrillStack {
  name: string;
  urls: { app: string; owner: string; admin: string };
  objectStoreDir: string;
}

export interface BackupRestoreDrillOptions {
  source: BackupDrillStack;
  /** A fresh stack (migrated or empty, without tenant data): its database is replaced. */
  target: BackupDrillStack;
  /** Load already running against the source's services; stopped after the backup, its writes looked up too. */
  load?: { stop(): Promise<LoadReport> };
  /** Organizations written into directly (database and store), one writer each. */
  tenants?: number;
  /** How long the writes run before the backup starts. */
  warmUpMs?: number;
  onProgress?: (line: string) => void;
}

/**
 * Scenario 6: writes run (documents, embeddings, points, objects created, replaced and deleted)
 * while a backup is taken; the backup is restored into the target stack, where every write
 * acknowledged before the backup point must be found, objects with their SHA-256, read as each
 * tenant through the restored grants and row-level security.
 */
export async function runBackupRestoreDrill(options: BackupRestoreDrillOptions): Promise<BackupRestoreDrillResult> {
  const say = options.onProgress ?? (() => undefined);
  const { source, target } = options;
  const workDir = await mkdtemp(join(tmpdir(), "cauldron-backup-drill-"));
  const tenantCount = options.tenants ?? 3;
  const sourceDb = createDatabase({
    url: source.urls.app,
    poolMax: tenantCount + 1,
    applicationName: "cauldron-drill-writes",
  });
  const targetDb = createDatabase({ url: target.urls.app, poolMax: 2, applicationName: "cauldron-drill-lookups" });
  let writer: DrillWriter | undefined;
  let load = options.load;
  try {
    say(`backup-restore: creating ${tenantCount} organizations in ${source.name}`);
    const tenants = [];
    for (let index = 1; index <= tenantCount; index += 1)
      tenants.push(await createWriteTenant(sourceDb, `drill${index}`));
    writer = startDrillWriter({ db: sourceDb, storeDir: source.objectStoreDir, tenants, onProgress: say });
    await sleep(options.warmUpMs ?? 2_000);

    const backupStarted = Date.now();
    const backup = await createBackup({
      database: databaseLocationOf(source.urls.admin, source.urls.owner),
      storeDir: source.objectStoreDir,
      outDir: join(workDir, "backup"),
      onProgress: say,
    });
    const backupMs = Date.now() - backupStarted;
    const point = backup.point.requestedAt.getTime();
    const { writes, failed } = await writer.stop();
    writer = undefined;
    const loadReport = await load?.stop();
    load = undefined;

    const restoreStarted = Date.now();
    const restore = await restoreBackup({
      database: databaseLocationOf(target.urls.admin, target.urls.owner),
      storeDir: target.objectStoreDir,
      fromDir: backup.outDir,
      onProgress: say,
    });
    const restoreMs = Date.now() - restoreStarted;

    say("backup-restore: looking up every write acknowledged before the backup point");
    const expected = expectationsAt(writes, point);
    return backupRestoreVerdict({
      writes,
      failed,
      backup,
      backupMs,
      restore,
      restoreMs,
      expected,
      lookup: await lookUpExpectations(targetDb, target.objectStoreDir, expected),
      foreignRows: await foreignRowsVisible(targetDb, expected),
      load: loadReport && { report: loadReport, beforePoint: await verifyLoadBeforePoint(loadReport, point, target) },
    });
  } finally {
    await writer?.stop().catch(() => undefined);
    await load?.stop().catch(() => undefined);
    await Promise.allSettled([sourceDb.destroy(), targetDb.destroy()]);
    await rm(workDir, { recursive: true, force: true });
  }
}
