import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { copyFileHashing, filesUnder, forEachLimited } from "./object-files";
import type { ProgressCounter } from "./step-progress";

const COPIES_AT_ONCE = 8;

/** What a copy of object files holds. */
export interface CopiedObjects {
  files: number;
  bytes: number;
}

/**
 * Copies every file under `fromDir` to `toDir`, hashing each as it is read, and writes `listFile`
 * in sha256sum's format (`<sha256>  <key>`), so `sha256sum -c` can check a copy by hand too.
 */
export async function copyObjectFiles(
  fromDir: string,
  toDir: string,
  listFile: string,
  counter: ProgressCounter,
): Promise<CopiedObjects> {
  const list = createWriteStream(listFile, { flags: "wx" });
  let files = 0;
  let bytes = 0;
  try {
    await forEachLimited(filesUnder(fromDir), COPIES_AT_ONCE, async (key) => {
      const copied = await copyFileHashing(join(fromDir, key), join(toDir, key));
      files += 1;
      bytes += copied.size;
      list.write(`${copied.sha256}  ${key}\n`);
      counter.add();
    });
  } finally {
    list.end();
    await finished(list);
  }
  counter.finish();
  return { files, bytes };
}
