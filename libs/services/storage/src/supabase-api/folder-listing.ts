import { prefixPattern, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { ObjectRow } from "../objects/object-row";

/** What a Supabase list asks for: one folder's entries, filtered, sorted and paged. */
export interface FolderQuery {
  /** The folder; a prefix not ending in `/` is taken as a folder all the same, as Supabase does. */
  prefix: string;
  /** Entries whose name starts with it, ignoring case. */
  search: string;
  limit: number;
  offset: number;
  sortBy: { column: "name" | "created_at" | "updated_at"; order: "asc" | "desc" };
}

/** An entry of a folder: a file with its row, or a sub-folder (no row), named relative to the folder. */
export interface FolderEntry {
  name: string;
  row: ObjectRow | null;
}

function orderOf(sortBy: FolderQuery["sortBy"]) {
  const direction = sortBy.order === "desc" ? sql`desc` : sql`asc`;
  const byName = sql`lower(name) collate "C" ${direction}, name collate "C" ${direction}`;
  if (sortBy.column === "name") return byName;
  // Sorted by a date, Supabase lists the folders first (by name), then the files.
  const column = sortBy.column === "created_at" ? sql`created_at` : sql`updated_at`;
  return sql`(id is null) desc, ${column} ${direction}, ${byName}`;
}

/**
 * The immediate children of a folder the caller may see, as Supabase lists them: each file
 * directly in it, and each sub-folder once (derived from the objects below it). Runs in the
 * caller's transaction, so RLS decides which objects (and so which folders) exist for them.
 */
export async function listFolder(
  trx: Transaction<Database>,
  bucketId: string,
  query: FolderQuery,
): Promise<FolderEntry[]> {
  const prefix = query.prefix === "" || query.prefix.endsWith("/") ? query.prefix : `${query.prefix}/`;
  const rest = sql<string>`substr(name, char_length(${prefix}::text) + 1)`;
  const { rows: listed } = await sql<{ name: string; id: string | null }>`
    with entries as (
      select id, created_at, updated_at, split_part(${rest}, '/', 1) as child, strpos(${rest}, '/') > 0 as in_folder
      from storage.objects
      where bucket_id = ${bucketId} and name like ${prefixPattern(prefix)}
        and lower(${rest}) like ${prefixPattern(query.search.toLowerCase())}
    )
    select name, id from (
      select child as name, null::uuid as id, null::timestamptz as created_at, null::timestamptz as updated_at
      from entries where in_folder group by child
      union all
      select child, id, created_at, updated_at from entries where not in_folder
    ) listed
    order by ${orderOf(query.sortBy)}
    limit ${query.limit} offset ${query.offset}
  `.execute(trx);
  const ids = listed.flatMap((entry) => (entry.id === null ? [] : [entry.id]));
  const rows =
    ids.length === 0 ? [] : await trx.selectFrom("storage.objects").selectAll().where("id", "in", ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return listed.flatMap((entry): FolderEntry[] => {
    if (entry.id === null) return [{ name: entry.name, row: null }];
    const row = byId.get(entry.id);
    return row ? [{ name: entry.name, row }] : [];
  });
}
