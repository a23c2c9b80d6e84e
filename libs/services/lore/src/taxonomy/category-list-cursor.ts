import { decodeNameCursor, InvalidCursorError, type NameKey } from "@cauldron/db";
import { sql, type RawBuilder } from "kysely";

/** Position after a category in display order: (sort_order, name, id). */
export interface CategoryListKey {
  sortOrder: number;
  name: string;
  id: string;
}

// The platform's keyset cursor holds (name, id); the sort order rides in front of the name.
const SORTED_NAME = /^(-?\d{1,7}):([\s\S]*)$/;

/** The cursor key of a listed category, for toPage. */
export function categoryCursorKey(row: { sort_order: number; name: string; id: string }): NameKey {
  return { name: `${row.sort_order}:${row.name}`, id: row.id };
}

/** The position a category list cursor names, null without one; throws InvalidCursorError for a foreign one. */
export function decodeCategoryCursor(cursor: string | undefined): CategoryListKey | null {
  const key = decodeNameCursor(cursor);
  if (key === null) return null;
  const match = SORTED_NAME.exec(key.name);
  if (!match) throw new InvalidCursorError();
  return { sortOrder: Number(match[1]), name: match[2] ?? "", id: key.id };
}

/** Categories (aliased `c`) after `key` in display order; every row on a first page. */
export function pastCategoryKey(key: CategoryListKey | null): RawBuilder<boolean> {
  if (key === null) return sql<boolean>`true`;
  return sql<boolean>`(c.sort_order, c.name, c.id) > (${key.sortOrder}::int, ${key.name}::text, ${key.id}::uuid)`;
}
