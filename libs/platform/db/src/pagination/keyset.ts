import { sql, type RawBuilder } from "kysely";

/*
 * Keyset pagination: a cursor is the sort key of the last row of a page, opaque to clients
 * (base64url JSON). Timestamps travel as Postgres text with microseconds, since a JS Date would
 * round them and skip or repeat rows that share a millisecond.
 */

const PRECISE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAME_LENGTH = 500;

/** Position after a row ordered by (time, id). */
export interface TimeKey {
  at: string;
  id: string;
}

/** Position after a row ordered by (name, id). */
export interface NameKey {
  name: string;
  id: string;
}

/** One page of a list: pass `nextCursor` back as `cursor` for the next; null on the last page. */
export interface KeysetPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** A cursor a client sent that no list of ours returned; procedures answer it with BAD_REQUEST. */
export class InvalidCursorError extends Error {
  constructor() {
    super("cursor is not valid; pass the nextCursor of a previous page");
    this.name = "InvalidCursorError";
  }
}

function decodeKey(cursor: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not base64url JSON: refused below like any other foreign cursor
  }
  throw new InvalidCursorError();
}

function idOf(key: Record<string, unknown>): string {
  if (typeof key.id === "string" && UUID.test(key.id)) return key.id;
  throw new InvalidCursorError();
}

/** The (time, id) position a cursor names, null without one; throws InvalidCursorError for a foreign one. */
export function decodeTimeCursor(cursor: string | undefined): TimeKey | null {
  if (cursor === undefined) return null;
  const key = decodeKey(cursor);
  if (typeof key.at !== "string" || !PRECISE_TIME.test(key.at)) throw new InvalidCursorError();
  return { at: key.at, id: idOf(key) };
}

/** The (name, id) position a cursor names, null without one; throws InvalidCursorError for a foreign one. */
export function decodeNameCursor(cursor: string | undefined): NameKey | null {
  if (cursor === undefined) return null;
  const key = decodeKey(cursor);
  if (typeof key.name !== "string" || key.name.length > MAX_NAME_LENGTH) throw new InvalidCursorError();
  return { name: key.name, id: idOf(key) };
}

/** Encodes a page's last sort key. */
export function encodeCursor(key: TimeKey | NameKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** A timestamptz column (named in code, never from input) as UTC text with microseconds: a cursor key. */
export function preciseTime(column: string): RawBuilder<string> {
  // eslint-disable-next-line no-restricted-syntax -- a column reference chosen in code, quoted by sql.ref
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Rows strictly past `key` in a (time, id) order: `"after"` for ascending lists, `"before"` for
 * newest-first ones; every row (true) on a first page, when there is no key. Columns are named in code.
 */
export function pastTimeKey(
  columns: { time: string; id: string },
  key: TimeKey | null,
  direction: "after" | "before",
): RawBuilder<boolean> {
  if (key === null) return sql<boolean>`true`;
  // eslint-disable-next-line no-restricted-syntax -- column references chosen in code, quoted by sql.ref
  const position = sql`(${sql.ref(columns.time)}, ${sql.ref(columns.id)})`;
  const bound = sql`(${key.at}::timestamptz, ${key.id}::uuid)`;
  return direction === "after" ? sql<boolean>`${position} > ${bound}` : sql<boolean>`${position} < ${bound}`;
}

/** Rows after `key` in an ascending (name, id) order; every row (true) on a first page. Columns are named in code. */
export function pastNameKey(columns: { name: string; id: string }, key: NameKey | null): RawBuilder<boolean> {
  if (key === null) return sql<boolean>`true`;
  // eslint-disable-next-line no-restricted-syntax -- column references chosen in code, quoted by sql.ref
  return sql<boolean>`(${sql.ref(columns.name)}, ${sql.ref(columns.id)}) > (${key.name}, ${key.id}::uuid)`;
}

/** Splits one extra fetched row (query `limit + 1`) off a page: its presence means there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => TimeKey | NameKey,
): KeysetPage<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
