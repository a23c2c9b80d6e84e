import type { Redis } from "ioredis";
import { retryDelay } from "./backoff";
import { entriesOfClaimReply, entriesOfPendingReply, type StreamEntry } from "./stream-replies";

export interface PendingClaim {
  redis: Redis;
  streamKey: string;
  group: string;
  consumerName: string;
  /** How long another consumer's entry must sit unacknowledged before it counts as abandoned. */
  claimIdleMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  count: number;
}

export interface ClaimedEntry {
  entry: StreamEntry;
  /** Deliveries so far, this one included. */
  attempt: number;
}

const PAGE_SIZE = 100;

/**
 * Claims the group's pending entries that are due again: this consumer's failed ones once their
 * exponential backoff (by delivery count) has passed, and other consumers' ones once they have been
 * idle for `claimIdleMs`, which is how entries of a crashed consumer get picked up.
 */
export async function claimDueEntries(claim: PendingClaim): Promise<ClaimedEntry[]> {
  const { redis, streamKey, group, consumerName, claimIdleMs, retryBaseMs, retryMaxMs, count } = claim;
  const claimed: ClaimedEntry[] = [];
  let start = "-";
  while (claimed.length < count) {
    // Extended XPENDING is used rather than XAUTOCLAIM because it reports each entry's delivery
    // count, which both the backoff and the dead-letter decision depend on.
    const page = entriesOfPendingReply(
      await redis.call("XPENDING", streamKey, group, "IDLE", Math.min(retryBaseMs, claimIdleMs), start, "+", PAGE_SIZE),
    );
    for (const pending of page) {
      const backoff = retryDelay(pending.deliveries, retryBaseMs, retryMaxMs);
      const dueAfter = pending.consumer === consumerName ? backoff : Math.max(backoff, claimIdleMs);
      if (pending.idleMs < dueAfter) continue;
      // XCLAIM's own min-idle check makes the claim atomic: if another consumer claimed the entry
      // in the meantime its idle time was reset, and nothing comes back here.
      const reply = await redis.call("XCLAIM", streamKey, group, consumerName, dueAfter, pending.entryId);
      for (const entry of entriesOfClaimReply(reply)) {
        claimed.push({ entry, attempt: pending.deliveries + 1 });
      }
      if (claimed.length >= count) break;
    }
    const last = page.at(-1);
    if (page.length < PAGE_SIZE || !last) break;
    start = `(${last.entryId}`;
  }
  return claimed;
}
