import { createWriteStream } from "node:fs";
import { chmod } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";

/** Writes one file of a zip archive to `destination` as an executable; fails when the archive lacks it. */
export async function extractExecutable(zipPath: string, entryName: string, destination: string): Promise<void> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== entryName) continue;
      const bytes = await zip.openReadStreamPromise(entry);
      await pipeline(bytes, createWriteStream(destination));
      await chmod(destination, 0o755);
      return;
    }
    throw new Error(`${zipPath} holds no ${entryName}`);
  } finally {
    zip.close();
  }
}
