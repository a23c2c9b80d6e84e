import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { StorageHttpError } from "../http-kit/storage-errors";

// Held while a request writes to an upload and renewed as it goes, so a replica that dies lets go
// within LEASE_MS; a request arriving meanwhile (a client resuming right after its connection
// dropped, while the dropped request still stores what arrived) waits a little before it is told 423.
const LEASE_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
const WAIT_MS = 5_000;
const POLL_MS = 50;

const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;
const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`;

/** Where an upload's writer lock lives. */
export interface UploadLockPlace {
  redis: Redis;
  keyPrefix: string;
}

async function trySet(place: UploadLockPlace, key: string, token: string): Promise<boolean> {
  try {
    return (await place.redis.set(key, token, "PX", LEASE_MS, "NX")) === "OK";
  } catch {
    // Without Redis no replica can hold the lock, so the upload waits rather than risk two writers.
    throw StorageHttpError.unavailable();
  }
}

async function acquire(place: UploadLockPlace, key: string, token: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await trySet(place, key, token)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/**
 * Runs `work` as the only request handling the upload across every replica, so no two write the
 * same part and an offset is never read while bytes are still landing; `lost` aborts when the lock
 * could not be kept, and the work must then give up what it was storing. Refuses with 423 (which
 * TUS clients retry) while another request keeps the upload busy.
 */
export async function withUploadLock<T>(
  place: UploadLockPlace,
  uploadId: string,
  work: (lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const key = `${place.keyPrefix}storage:upload-lock:${uploadId}`;
  const token = randomUUID();
  if (!(await acquire(place, key, token))) {
    throw new StorageHttpError(
      423,
      "ResourceLocked",
      "resource_locked",
      "Another request is writing to this upload; retry shortly",
    );
  }
  const lost = new AbortController();
  const renewal = setInterval(() => {
    place.redis.eval(RENEW, 1, key, token, LEASE_MS).then(
      (renewed) => renewed === 1 || lost.abort(new Error("the upload's writer lock expired")),
      (error: unknown) => lost.abort(error),
    );
  }, RENEW_EVERY_MS);
  try {
    return await work(lost.signal);
  } finally {
    clearInterval(renewal);
    // Should the release fail, the lease runs out on its own.
    await place.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
