import { randomUUID } from "node:crypto";
import { join, resolve, sep } from "node:path";
import { assertBytesKey } from "./bytes-key";

/** Where writes in progress live, inside the root so the final rename stays on one filesystem. */
export const PARTIALS_FOLDER = ".partial";

/** The file holding a key's bytes; the key is checked, and the path proved to stay inside the root. */
export function keyPath(root: string, key: string): string {
  assertBytesKey(key);
  const path = resolve(root, ...key.split("/"));
  if (!path.startsWith(resolve(root) + sep)) throw new Error(`The key ${key} resolves outside the storage root`);
  return path;
}

/** A fresh, unused name for a write in progress. */
export function newPartialPath(root: string): string {
  return join(root, PARTIALS_FOLDER, randomUUID());
}

/** Whether a filesystem error says the path (or one of its folders) does not exist. */
export function isMissingPath(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
