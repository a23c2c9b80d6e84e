import { opendir, stat } from "node:fs/promises";
import { join } from "node:path";
import { assertBytesPrefix } from "./bytes-key";
import { isMissingPath, PARTIALS_FOLDER } from "./filesystem-paths";
import type { ListedBytes } from "./object-bytes-store";

async function* filesUnder(root: string, folderKey: string): AsyncGenerator<ListedBytes> {
  let folder;
  try {
    folder = await opendir(join(root, ...folderKey.split("/").filter(Boolean)));
  } catch (error) {
    if (isMissingPath(error)) return;
    throw error;
  }
  for await (const entry of folder) {
    const key = folderKey + entry.name;
    if (entry.isDirectory()) {
      if (key !== PARTIALS_FOLDER) yield* filesUnder(root, `${key}/`);
    } else if (entry.isFile()) {
      // A file removed between the folder read and this stat is simply no longer listed.
      const size = await stat(join(root, key)).then(
        (stats) => stats.size,
        (error: unknown) => (isMissingPath(error) ? undefined : Promise.reject(error)),
      );
      if (size !== undefined) yield { key, size };
    }
  }
}

/** Walks the folders a prefix can reach, one folder handle at a time, yielding the files under it. */
export async function* listFiles(root: string, prefix: string): AsyncGenerator<ListedBytes> {
  assertBytesPrefix(prefix);
  const folderKey = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  for await (const file of filesUnder(root, folderKey)) {
    if (file.key.startsWith(prefix)) yield file;
  }
}
