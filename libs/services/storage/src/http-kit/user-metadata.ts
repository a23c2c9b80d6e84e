/** How deep user metadata may nest; deeper JSON is refused before it reaches the database or an answer. */
export const MAX_USER_METADATA_DEPTH = 32;

// Postgres keeps jsonb text as UTF-8 without U+0000, so neither NUL nor a lone surrogate can be stored.
const UNSTORABLE_TEXT = /[\u0000\p{Cs}]/u;

function storable(value: unknown, depth: number): boolean {
  if (typeof value === "string") return !UNSTORABLE_TEXT.test(value);
  if (typeof value !== "object" || value === null) return true;
  if (depth > MAX_USER_METADATA_DEPTH) return false;
  return Object.entries(value).every(([key, item]) => !UNSTORABLE_TEXT.test(key) && storable(item, depth + 1));
}

/** Whether user metadata (parsed JSON) can be stored as sent: text Postgres takes, nested at most MAX_USER_METADATA_DEPTH deep. */
export function isStorableMetadata(metadata: Record<string, unknown>): boolean {
  return storable(metadata, 1);
}
