import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { isMissingPath, PARTIALS_FOLDER } from "./filesystem-paths";

/**
 * Removes partial files a crash left behind, those not modified for olderThanMs (choose it well
 * above the longest upload, since a live write keeps its partial file until it is renamed).
 * Returns how many were removed.
 */
export async function sweepPartialFiles(root: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const folder = join(root, PARTIALS_FOLDER);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (isMissingPath(error)) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(folder, name);
    const modifiedAt = await stat(path).then(
      (stats) => stats.mtimeMs,
      () => undefined,
    );
    if (modifiedAt === undefined || now - modifiedAt < olderThanMs) continue;
    await rm(path, { force: true, recursive: true });
    removed += 1;
  }
  return removed;
}
