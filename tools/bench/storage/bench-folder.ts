import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { benchCacheFolder } from "../vector/datasets-folder";

/** A folder of one benchmark run under .data/bench, on the disk the service's data lives on. */
export interface BenchFolder {
  path: string;
  /** A path inside the folder (nothing is created there). */
  file(...parts: string[]): string;
  /** Deletes the folder and everything in it. */
  remove(): Promise<void>;
}

/** Creates a fresh folder `.data/bench/<label>-<random>` for one run's files. */
export async function createBenchFolder(label: string): Promise<BenchFolder> {
  const folder = path.join(await benchCacheFolder(), `${label}-${randomBytes(4).toString("hex")}`);
  await mkdir(folder, { recursive: true });
  return {
    path: folder,
    file: (...parts) => path.join(folder, ...parts),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
