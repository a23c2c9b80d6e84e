import type { ObjectBytesStore } from "./backends/object-bytes-store";

/**
 * A store usable at once whose backend is still getting ready (an S3 bucket being checked): each
 * call waits for it, and fails as the preparation failed, so the service starts and reports the
 * backend's problem on the requests that need it.
 */
export function deferredBytesStore(kind: ObjectBytesStore["kind"], ready: Promise<ObjectBytesStore>): ObjectBytesStore {
  // Handled here so a failed preparation is not an unhandled rejection before the first call.
  ready.catch(() => undefined);
  return {
    kind,
    write: async (...args) => (await ready).write(...args),
    read: async (...args) => (await ready).read(...args),
    stat: async (...args) => (await ready).stat(...args),
    remove: async (...args) => (await ready).remove(...args),
    copy: async (...args) => (await ready).copy(...args),
    async *list(prefix) {
      yield* (await ready).list(prefix);
    },
    close: async () => (await ready.catch(() => undefined))?.close(),
  };
}
