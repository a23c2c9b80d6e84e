import type { StorageRuntime } from "../storage-runtime";

/**
 * Removes bytes no row points at (a refused upload, a replaced or deleted version). A failure
 * here is logged, not raised: the change itself is done, and reconciliation removes what is left.
 */
export async function discardBytes(runtime: StorageRuntime, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    await runtime.bytes.remove(keys);
  } catch (error) {
    runtime.dependencies.logger.warn(
      { err: error, keys: keys.length },
      "could not remove unused object bytes; reconciliation will",
    );
  }
}
