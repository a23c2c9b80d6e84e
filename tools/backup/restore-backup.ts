import { join, resolve } from "node:path";
import { BACKUP_FILES, readBackupManifest, type BackupManifest } from "./backup-manifest";
import type { DatabaseLocation } from "./database-location";
import type { RowsWithoutBytes } from "./object-rows";
import { restoreDatabase } from "./restore-database";
import { copyObjectsIntoStore, findRestoredRowsWithoutBytes } from "./restore-objects";
import { createStepProgress, formatBytes, type ProgressSink } from "./step-progress";
import { storeHoldsFiles, tablesHoldingData } from "./target-database";
import { verifyBackupFiles, verifyObjectFiles } from "./verify-backup";

export interface RestoreOptions {
  /** The database to replace; it is dropped and created anew. */
  database: DatabaseLocation;
  /** The target storage service's filesystem store (STORAGE_DATA_DIR). */
  storeDir: string;
  /** A folder written by createBackup. */
  fromDir: string;
  /** Replace a database that holds data, and object files already in the store. */
  force?: boolean;
  /** pg_restore's parallel jobs. */
  jobs?: number;
  binDir?: string;
  onProgress?: ProgressSink;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  archiveItems: number;
  objectFiles: number;
  /** Restored object rows without their bytes in the store: 0 for a sound backup. */
  rowsWithoutBytes: RowsWithoutBytes;
}

/** A restore that would overwrite data, refused before anything changed. */
export class RestoreRefusedError extends Error {
  override name = "RestoreRefusedError";
}

async function refuseUnlessFresh(options: RestoreOptions): Promise<void> {
  const holding = await tablesHoldingData(options.database);
  if (holding.length > 0) {
    throw new RestoreRefusedError(
      `database ${options.database.database} already holds data (${holding.join(", ")}); pass --force to replace it`,
    );
  }
  if (await storeHoldsFiles(options.storeDir)) {
    throw new RestoreRefusedError(`${options.storeDir} already holds object files; pass --force to restore over them`);
  }
}

/**
 * Restores a backup into a fresh stack: checks every checksum first, refuses a target that holds
 * data (unless forced), replaces the database with the dump, copies the object bytes into the
 * store, and checks that every restored object row has its bytes.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreSummary> {
  const fromDir = resolve(options.fromDir);
  const progress = createStepProgress("restore", 6, options.onProgress);

  progress.step(`reading ${join(fromDir, BACKUP_FILES.manifest)} and checking the dump's checksum`);
  const manifest = await readBackupManifest(fromDir);
  await verifyBackupFiles(fromDir, manifest);
  progress.note(
    `backup of ${manifest.database.name} at ${manifest.snapshot.takenAt} (WAL ${manifest.snapshot.walLsn})`,
  );

  progress.step(`checking ${manifest.objects.files} object files against their checksums`);
  await verifyObjectFiles(
    fromDir,
    manifest,
    progress.counter((done) => `${done}/${manifest.objects.files} checked`),
  );

  progress.step(`checking that database ${options.database.database} and ${options.storeDir} are fresh`);
  if (options.force) progress.note("--force: existing data will be replaced");
  else await refuseUnlessFresh(options);

  progress.step(`restoring database ${options.database.database} (${formatBytes(manifest.database.dumpBytes)} dump)`);
  const archiveItems = await restoreDatabase({
    location: options.database,
    dumpFile: join(fromDir, BACKUP_FILES.dump),
    owner: manifest.database.owner,
    timescaledbVersion: manifest.database.timescaledbVersion,
    binDir: options.binDir,
    jobs: options.jobs ?? 1,
    progress,
  });

  progress.step(`copying ${manifest.objects.files} object files into ${options.storeDir}`);
  const objectFiles = await copyObjectsIntoStore(
    fromDir,
    options.storeDir,
    options.force === true,
    progress.counter((done) => `${done}/${manifest.objects.files} copied`),
  );

  progress.step("checking that every restored object row has its bytes");
  const rowsWithoutBytes = await findRestoredRowsWithoutBytes(options.database, options.storeDir);
  progress.note(
    rowsWithoutBytes.missing === 0
      ? `all ${rowsWithoutBytes.checked} object rows have their bytes`
      : `WARNING: ${rowsWithoutBytes.missing} of ${rowsWithoutBytes.checked} object rows lack their bytes`,
  );
  return { manifest, archiveItems, objectFiles, rowsWithoutBytes };
}
