import { TRPCError } from "@trpc/server";
import { sql, type RawBuilder } from "kysely";
import { z } from "zod";

/**
 * Keyset cursors: the sort key of the last row of a page, opaque to clients (base64url JSON).
 * Timestamps travel as Postgres text with microseconds, since a JS Date would round them and
 * skip or repeat rows that share a millisecond.
 */

const PRECISE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Position after a row ordered by (time, id). */
export const timeKeySchema = z.object({ at: z.string().regex(PRECISE_TIME), id: z.string().regex(UUID) });

/** Position after a row ordered by (name, id). */
export const nameKeySchema = z.object({ name: z.string().max(500), id: z.string().regex(UUID) });

export type TimeKey = z.infer<typeof timeKeySchema>;

/** The timestamptz columns lists are keyed by. */
export type TimeColumn = "created_at" | "ou.created_at" | "tm.created_at";

/** A timestamptz column as UTC text with microseconds, for use as a cursor key. */
export function preciseTime(column: TimeColumn): RawBuilder<string> {
  // eslint-disable-next-line no-restricted-syntax -- a TimeColumn literal chosen in code, never input
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Encodes a page's last sort key. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** Decodes a cursor from a client, or answers BAD_REQUEST when it was not one of ours. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | null {
  if (cursor === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "cursor is not valid; pass the nextCursor of a previous page" });
  }
  return parsed.data;
}

/** Splits one extra fetched row off a page: its presence means there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => Record<string, string>,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
