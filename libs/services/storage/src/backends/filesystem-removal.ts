import { rmdir, unlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isMissingPath, keyPath } from "./filesystem-paths";

const REMOVALS_AT_ONCE = 32;

// Each object gets its own folders; pruning the emptied ones keeps the tree from growing forever.
async function pruneEmptyFolders(root: string, from: string): Promise<void> {
  const top = resolve(root);
  for (let folder = from; folder !== top && folder.startsWith(top); folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return;
    }
  }
}

async function removeFile(root: string, path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (isMissingPath(error)) return;
    throw error;
  }
  await pruneEmptyFolders(root, dirname(path));
}

/** Removes the files of keys (all keys are checked first), ignoring missing ones and pruning emptied folders. */
export async function removeFiles(root: string, keys: readonly string[]): Promise<void> {
  const paths = keys.map((key) => keyPath(root, key));
  for (let index = 0; index < paths.length; index += REMOVALS_AT_ONCE) {
    await Promise.all(paths.slice(index, index + REMOVALS_AT_ONCE).map((path) => removeFile(root, path)));
  }
}
