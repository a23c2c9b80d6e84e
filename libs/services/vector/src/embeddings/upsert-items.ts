import { createHash } from "node:crypto";
import type { upsertItemSchema } from "@cauldron/contracts";
import type { z } from "zod";

/** One item of an upsert call, as the contract parses it. */
export type UpsertItem = z.infer<typeof upsertItemSchema>;

/** The identity the table's unique key gives a row of one model: content hash and entity. */
export function embeddingKey(contentHash: string, entityType: string | null, entityId: string | null): string {
  return JSON.stringify([contentHash, entityType, entityId?.toLowerCase() ?? null]);
}

/** The hex SHA-256 of content, as the content_hash column computes it. */
export function contentHashOf(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

/** Items of one call with duplicates folded: one per key, the last occurrence's values winning. */
export interface FoldedItems {
  unique: (UpsertItem & { key: string })[];
  /** For each input item, the index of its row in `unique`. */
  slotOf: number[];
}

/**
 * Folds items that name the same row: a multi-row upsert may touch each row only once, and the
 * caller expects the later of two identical writes to win.
 */
export function foldDuplicateItems(items: readonly UpsertItem[]): FoldedItems {
  const slots = new Map<string, number>();
  const unique: FoldedItems["unique"] = [];
  const slotOf = items.map((item) => {
    const key = embeddingKey(contentHashOf(item.content), item.entityType ?? null, item.entityId ?? null);
    const slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, unique.length);
      unique.push({ ...item, key });
      return unique.length - 1;
    }
    unique[slot] = { ...item, key };
    return slot;
  });
  return { unique, slotOf };
}
