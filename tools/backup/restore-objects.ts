import { constants } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BACKUP_FILES } from "./backup-manifest";
import type { DatabaseLocation } from "./database-location";
import { forEachLimited } from "./object-files";
import { findRowsWithoutBytes, writeObjectRows, type RowsWithoutBytes } from "./object-rows";
import type { ProgressCounter } from "./step-progress";
import { withTargetDatabase } from "./target-database";
import { listedObjects } from "./verify-backup";

const COPIES_AT_ONCE = 8;

/**
 * Copies the backup's object files into the store folder under their keys. Without `overwrite`,
 * a key the store already holds fails the restore rather than being replaced.
 */
export async function copyObjectsIntoStore(
  backupDir: string,
  storeDir: string,
  overwrite: boolean,
  counter: ProgressCounter,
): Promise<number> {
  let files = 0;
  await forEachLimited(listedObjects(backupDir), COPIES_AT_ONCE, async ({ key }) => {
    const target = join(storeDir, ...key.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(
      join(backupDir, BACKUP_FILES.objects, ...key.split("/")),
      target,
      overwrite ? 0 : constants.COPYFILE_EXCL,
    );
    files += 1;
    counter.add();
  });
  counter.finish();
  return files;
}

/** Checks every storage.objects row of the restored database against the bytes in the store folder. */
export async function findRestoredRowsWithoutBytes(
  location: DatabaseLocation,
  storeDir: string,
): Promise<RowsWithoutBytes> {
  const scratch = await mkdtemp(join(tmpdir(), "cauldron-restore-"));
  try {
    const rowsFile = join(scratch, BACKUP_FILES.objectRows);
    const hasObjects = await withTargetDatabase(location, async (client) => {
      const { rows } = await client.query("select to_regclass('storage.objects') is not null as present");
      if (rows[0]?.present !== true) return false;
      await writeObjectRows(client, rowsFile);
      return true;
    });
    return hasObjects ? await findRowsWithoutBytes(rowsFile, storeDir) : { checked: 0, missing: 0, examples: [] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
