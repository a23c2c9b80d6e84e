import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Names the folder of shared public datasets; ../shared/datasets beside the repository unless set. */
export const DATASETS_FOLDER_ENV = "CAULDRON_DATASETS_DIR";

/**
 * The folder of shared public datasets (ground truth kept beside the repository, since no
 * registry ships it), failing with what to do when it is not there.
 */
export function sharedDatasetsFolder(): string {
  const configured = process.env[DATASETS_FOLDER_ENV];
  const folder = configured ? path.resolve(configured) : path.resolve(REPOSITORY_ROOT, "..", "shared", "datasets");
  if (!existsSync(folder)) {
    throw new Error(
      `The shared datasets folder ${folder} does not exist. Put the datasets there (see its README) ` +
        `or point ${DATASETS_FOLDER_ENV} at the folder that holds them.`,
    );
  }
  return folder;
}

/** A file inside the shared datasets folder, failing with its full path when it is missing. */
export function sharedDatasetFile(...parts: string[]): string {
  const file = path.join(sharedDatasetsFolder(), ...parts);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing from the shared datasets folder (set ${DATASETS_FOLDER_ENV} to move it)`);
  }
  return file;
}

/** Where benchmarks keep what they derive from public data between runs (under .data, never committed). */
export async function benchCacheFolder(): Promise<string> {
  const folder = path.join(REPOSITORY_ROOT, ".data", "bench");
  await mkdir(folder, { recursive: true });
  return folder;
}

/** The repository's root folder, where child scripts run from. */
export const repositoryRoot = REPOSITORY_ROOT;
