import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "@cauldron/db";
import { createBackup } from "../../backup/create-backup";
import { databaseLocationOf } from "../../backup/database-location";
import { restoreBackup } from "../../backup/restore-backup";
import type { DrillResult } from "../drill-result";
import type { LoadReport } from "../load/steady-load";
import { expectationsAt, type DrillWrite } from "./backup-restore-ledger";
import { foreignRowsVisible, lookUpExpectations } from "./backup-restore-lookup";
import { verifyLoadBeforePoint } from "./backup-restore-load";
import { createWriteTenant } from "./backup-restore-rows";
import { startDrillWriter, type DrillWriter } from "./backup-restore-writer";

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

/** The drills table's row, with what this scenario counts. */
export interface BackupRestoreDrillResult extends DrillResult {
  writesBeforeBackup: number;
  foundAfterRestore: number;
  objectsChecked: number;
  checksumMismatches: number;
}

const changedAfter = (writes: readonly DrillWrite[], point: number) =>
  new Set(
    writes.flatMap((write) =>
      write.kind === "object" && write.startedAt >= point ? [`${write.organizationId}/${write.path}`] : [],
    ),
  );

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
    const loadReport = await options.load?.stop();

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
    const lookup = await lookUpExpectations(targetDb, target.objectStoreDir, expected);
    const foreign = await foreignRowsVisible(targetDb, expected);
    const load = loadReport ? await verifyLoadBeforePoint(loadReport, point, target) : undefined;

    const changed = changedAfter(writes, point);
    const survived = expected.objects.filter(
      (object) =>
        !object.inFlight && object.acceptable[0] !== null && changed.has(`${object.organizationId}/${object.path}`),
    ).length;
    const writesBeforeBackup = expected.rows.length + expected.objects.length + (load?.expected ?? 0);
    const foundAfterRestore = lookup.rowsFound + lookup.objectsFound + (load?.found ?? 0);
    const notes = [
      `backup point ${backup.point.takenAt.toISOString()} (WAL ${backup.point.walLsn}); object rows held ${backup.objectLockMs} ms`,
      `backup ${(backupMs / 1000).toFixed(1)} s (${backup.manifest.objects.files} object files), restore ${(restoreMs / 1000).toFixed(1)} s`,
      `${survived} objects replaced or deleted after the backup point came back with their bytes`,
      `${expected.objects.filter((object) => object.inFlight).length} object writes in flight at the point, either outcome accepted`,
      ...(load?.notes ?? []),
    ];
    if (failed > 0) notes.push(`${failed} direct writes failed while the backup ran`);
    if (lookup.missing.length > 0) notes.push(`not found: ${lookup.missing.join("; ")}`);
    if (foreign > 0) notes.push(`${foreign} rows of other organizations were visible to a tenant after the restore`);
    const unbacked = backup.rowsWithoutBytes.missing + restore.rowsWithoutBytes.missing;
    if (unbacked > 0)
      notes.push(
        `${unbacked} object rows without bytes (backup ${backup.rowsWithoutBytes.missing}, restore ${restore.rowsWithoutBytes.missing})`,
      );
    return {
      scenario: "backup and restore",
      requestsSent:
        writes.filter((write) => write.acknowledgedAt !== Infinity).length + failed + (loadReport?.sent ?? 0),
      requestsFailed: failed + (loadReport?.failed ?? 0),
      writesAcknowledged: writesBeforeBackup,
      writesFound: foundAfterRestore,
      writesBeforeBackup,
      foundAfterRestore,
      objectsChecked: lookup.objectsChecked + (load?.objectsChecked ?? 0),
      checksumMismatches: lookup.checksumMismatches + (load?.checksumMismatches ?? 0),
      ok:
        foundAfterRestore === writesBeforeBackup &&
        lookup.checksumMismatches === 0 &&
        (load?.checksumMismatches ?? 0) === 0 &&
        failed === 0 &&
        foreign === 0 &&
        unbacked === 0,
      notes,
    };
  } finally {
    await writer?.stop().catch(() => undefined);
    await Promise.allSettled([sourceDb.destroy(), targetDb.destroy()]);
    await rm(workDir, { recursive: true, force: true });
  }
}
