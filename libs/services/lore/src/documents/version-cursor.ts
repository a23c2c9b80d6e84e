import { InvalidCursorError } from "@cauldron/db";

/*
 * Versions are listed newest first by their number, which orders them even where two were
 * written in transactions that began in the other order; the cursor is the last number listed.
 */

/** The cursor after a page ending at `version`. */
export function encodeVersionCursor(version: number): string {
  return Buffer.from(JSON.stringify({ version }), "utf8").toString("base64url");
}

/** The version a cursor ends at, null without one; throws InvalidCursorError for a cursor no list returned. */
export function decodeVersionCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  const version = (key as { version?: unknown } | null)?.version;
  if (typeof version === "number" && Number.isSafeInteger(version) && version > 0) return version;
  throw new InvalidCursorError();
}
