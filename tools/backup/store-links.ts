import { randomUUID } from "node:crypto";
import { copyFile, link, mkdir, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { filesUnder, forEachLimited } from "./object-files";
import type { ProgressCounter } from "./step-progress";

const LINKS_AT_ONCE = 32;
// Filesystems without hard links (or a file at its link limit): the bytes are copied instead.
const NO_LINK = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

/** A frozen view of the store's files: hard links that outlive any removal from the store itself. */
export interface StoreLinks {
  dir: string;
  files: number;
  /** Removes the links (the store's own files stay). */
  remove(): Promise<void>;
}

async function linkOrCopy(from: string, to: string): Promise<boolean> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await link(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT") return false;
    if (!NO_LINK.has(code)) throw error;
  }
  try {
    await copyFile(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Hard-links every file of the store into `<store>/.partial/backup-<id>`: inside the store so the
 * links share its filesystem, under `.partial` because the store leaves that folder out of its
 * listings (reconciliation never sees the links as orphaned bytes). Linking takes no time per
 * byte, so the object lock that keeps rows from losing their bytes is held only briefly. A file
 * removed while the pass runs is skipped: no row of the snapshot can point at it.
 */
export async function linkStoreFiles(storeDir: string, counter: ProgressCounter): Promise<StoreLinks> {
  const dir = join(storeDir, ".partial", `backup-${randomUUID()}`);
  // A store the service has not written to yet: nothing to link, and nothing to create in its place.
  if (
    !(await stat(storeDir).then(
      (stats) => stats.isDirectory(),
      () => false,
    ))
  ) {
    counter.finish();
    return { dir, files: 0, remove: async () => undefined };
  }
  const remove = () => rm(dir, { recursive: true, force: true });
  let files = 0;
  try {
    await mkdir(dir, { recursive: true });
    await forEachLimited(filesUnder(storeDir), LINKS_AT_ONCE, async (key) => {
      if (await linkOrCopy(join(storeDir, key), join(dir, key))) {
        files += 1;
        counter.add();
      }
    });
  } catch (error) {
    await remove();
    throw error;
  }
  counter.finish();
  return { dir, files, remove };
}
