import { InvalidCursorError, type KeysetPage } from "@cauldron/db";
import { sql, type RawBuilder } from "kysely";

/*
 * Keyset pagination for entity lists ordered by a computed rank (similarity to a text, distance
 * from a point), then id; the platform's keys cover names and times only. A cursor is the last
 * row's (rank, id) as base64url JSON: a float8 survives the JSON round trip exactly.
 */

/** Position after a row of a ranked list. */
export interface RankKey {
  rank: number;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (rank, id) position a cursor names, null without one; throws InvalidCursorError for a foreign one. */
export function decodeRankCursor(cursor: string | undefined): RankKey | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  const { rank, id } = (key ?? {}) as { rank?: unknown; id?: unknown };
  if (typeof rank !== "number" || !Number.isFinite(rank) || typeof id !== "string" || !UUID.test(id)) {
    throw new InvalidCursorError();
  }
  return { rank, id };
}

/** Encodes a ranked page's last position. */
export function encodeRankCursor(key: RankKey): string {
  return Buffer.from(JSON.stringify({ rank: key.rank, id: key.id }), "utf8").toString("base64url");
}

/** Entities (`e`) past `key` in a list ordered by `rank` (best first: highest or lowest), then id. */
export function pastRankKey(
  rank: RawBuilder<number>,
  best: "highest" | "lowest",
  key: RankKey | null,
): RawBuilder<boolean> {
  if (key === null) return sql<boolean>`true`;
  const worse = best === "highest" ? sql`${rank} < ${key.rank}::float8` : sql`${rank} > ${key.rank}::float8`;
  return sql<boolean>`(${worse} or (${rank} = ${key.rank}::float8 and e.id > ${key.id}::uuid))`;
}

/** Splits the extra fetched row (query `limit + 1`) off a ranked page. */
export function toRankedPage<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  rankOf: (row: Row) => number,
): KeysetPage<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last ? encodeRankCursor({ rank: rankOf(last), id: last.id }) : null,
  };
}
