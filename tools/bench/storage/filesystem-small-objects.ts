import { mkdir, readdir, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { forEachInFlight } from "./bounded-concurrency";
import { IN_FLIGHT, type SmallObjectStore } from "./small-object-rounds";

/**
 * Small objects as plain files under `root`: writeFile, readdir with a stat of each entry (a
 * listing tells sizes and dates too), unlink; IN_FLIGHT at once where the API has them so.
 */
export function filesystemSmallObjects(root: string): SmallObjectStore {
  const folders = new Set<string>();
  return {
    async create(name, body) {
      const file = path.join(root, name);
      const folder = path.dirname(file);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      await writeFile(file, body);
    },
    async list(folder) {
      const entries = await readdir(path.join(root, folder), { withFileTypes: true });
      let files = 0;
      await forEachInFlight(entries, IN_FLIGHT, async (entry) => {
        if ((await stat(path.join(entry.parentPath, entry.name))).isFile()) files += 1;
      });
      return files;
    },
    async remove(names) {
      await forEachInFlight(names, IN_FLIGHT, (name) => unlink(path.join(root, name)));
      return names.length;
    },
  };
}
