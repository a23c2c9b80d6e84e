import { mkdir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BACKUP_FILES, manifestOf, writeBackupManifest, type BackupManifest } from "./backup-manifest";
import type { DatabaseLocation } from "./database-location";
import { holdDatabaseSnapshot, type BackupPoint, type HeldSnapshot } from "./database-snapshot";
import { copyObjectFiles } from "./object-copy";
import { hashFile } from "./object-files";
import { findRowsWithoutBytes, writeObjectRows, type RowsWithoutBytes } from "./object-rows";
import { runPostgresTool } from "./postgres-tools";
import { createStepProgress, formatBytes, type ProgressSink } from "./step-progress";
import { linkStoreFiles, type StoreLinks } from "./store-links";

export interface BackupOptions {
  database: DatabaseLocation;
  /** The storage service's filesystem store (STORAGE_DATA_DIR). */
  storeDir: string;
  /** A new or empty folder for the backup. */
  outDir: string;
  binDir?: string;
  /** How long to wait for writers holding object rows before giving up. */
  lockTimeoutMs?: number;
  onProgress?: ProgressSink;
  /** Told the backup point once the snapshot is taken (object rows are still locked then). */
  onSnapshot?: (point: BackupPoint) => void | Promise<void>;
}

export interface BackupSummary {
  outDir: string;
  manifest: BackupManifest;
  point: BackupPoint;
  /** How long object rows could not change: waiting for the lock, the snapshot and the hard links. */
  objectLockMs: number;
  /** Snapshot rows whose bytes the backup lacks: 0 unless the store had already lost them. */
  rowsWithoutBytes: RowsWithoutBytes;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

async function prepareOutDir(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0) throw new Error(`${outDir} is not empty; back up into a new folder`);
}

/**
 * Backs up the database (pg_dump, custom format, one snapshot) and the object bytes (copied
 * after that snapshot, from hard links made while object rows were locked), so every object row
 * in the dump has its bytes in the backup; writes manifest.json last.
 */
export async function createBackup(options: BackupOptions): Promise<BackupSummary> {
  const outDir = resolve(options.outDir);
  const progress = createStepProgress("backup", 6, options.onProgress);
  const startedAt = new Date();
  let snapshot: HeldSnapshot | undefined;
  let links: StoreLinks | undefined;
  try {
    progress.step(`preparing ${outDir}`);
    await prepareOutDir(outDir);

    progress.step(`taking the snapshot of database ${options.database.database} (object rows locked)`);
    const lockAskedAt = Date.now();
    snapshot = await holdDatabaseSnapshot(options.database, options.lockTimeoutMs ?? 10_000);
    const { point, facts } = snapshot;
    progress.note(`snapshot at ${point.takenAt.toISOString()}, WAL ${point.walLsn}, ${facts.objectRows} object rows`);
    await options.onSnapshot?.(point);

    progress.step(`securing the object bytes of ${options.storeDir} with hard links`);
    if (!(await isFolder(options.storeDir)) && facts.objectRows > 0) {
      throw new Error(`${options.storeDir} does not exist, yet ${facts.objectRows} object rows point into it`);
    }
    links = await linkStoreFiles(
      options.storeDir,
      progress.counter((done) => `${done} files linked`),
    );
    await snapshot.releaseObjectLock();
    const objectLockMs = Date.now() - lockAskedAt;
    progress.note(`object rows unlocked after ${objectLockMs} ms`);
    const rowsFile = join(outDir, BACKUP_FILES.objectRows);
    if (facts.hasObjectTable) await writeObjectRows(snapshot.client, rowsFile);

    progress.step("dumping the database (pg_dump, custom format)");
    const dumpFile = join(outDir, BACKUP_FILES.dump);
    const tables = progress.counter((done) => `${done} tables dumped`);
    await runPostgresTool({
      tool: "pg_dump",
      args: ["--format=custom", "--verbose", `--snapshot=${snapshot.id}`, `--file=${dumpFile}`],
      location: options.database,
      binDir: options.binDir,
      onLine: (line) => /dumping contents of table/.test(line) && tables.add(),
    });
    tables.finish();
    await snapshot.release();
    snapshot = undefined;

    progress.step("copying the object bytes");
    const listFile = join(outDir, BACKUP_FILES.objectList);
    const objectsDir = join(outDir, BACKUP_FILES.objects);
    const copied = await copyObjectFiles(
      links.dir,
      objectsDir,
      listFile,
      progress.counter((n) => `${n} files copied`),
    );
    progress.note(`${copied.files} files, ${formatBytes(copied.bytes)}`);
    await links.remove();
    links = undefined;

    progress.step("checking the copy against the snapshot and writing manifest.json");
    const rowsWithoutBytes = facts.hasObjectTable
      ? await findRowsWithoutBytes(rowsFile, objectsDir)
      : { checked: 0, missing: 0, examples: [] };
    if (rowsWithoutBytes.missing > 0) {
      progress.note(`WARNING: ${rowsWithoutBytes.missing} object rows had no bytes in the store`);
    }
    const dump = await hashFile(dumpFile);
    const manifest = manifestOf({
      startedAt,
      database: options.database.database,
      point,
      facts,
      dump,
      copied,
      listSha256: (await hashFile(listFile)).sha256,
    });
    await writeBackupManifest(outDir, manifest);
    progress.note(`done: database ${formatBytes(dump.size)}, objects ${formatBytes(copied.bytes)}`);
    return { outDir, manifest, point, objectLockMs, rowsWithoutBytes };
  } finally {
    await snapshot?.release();
    await links?.remove();
  }
}
