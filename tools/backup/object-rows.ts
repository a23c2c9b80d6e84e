import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import type pg from "pg";

const ROWS_PER_PAGE = 1_000;
const FIRST_ID = "00000000-0000-0000-0000-000000000000";
const MISSING_NAMED = 20;

/** Object rows whose bytes a folder does not hold (at their size); the first few named. */
export interface RowsWithoutBytes {
  checked: number;
  missing: number;
  examples: string[];
}

/**
 * Writes the key and size of every storage.objects row the client's transaction sees, one
 * `<organization>/<version> <size>` a line (the storage service keeps an object's bytes under
 * that key), paging by id; answers how many.
 */
export async function writeObjectRows(client: pg.Client, file: string): Promise<number> {
  const out = createWriteStream(file, { flags: "wx" });
  let written = 0;
  try {
    for (let after = FIRST_ID; ;) {
      const { rows } = await client.query<{ id: string; key: string; size: string }>(
        `select id, organization_id || '/' || version as key, size::text as size
         from storage.objects where id > $1 order by id limit $2`,
        [after, ROWS_PER_PAGE],
      );
      for (const row of rows) out.write(`${row.key} ${row.size}\n`);
      written += rows.length;
      if (rows.length < ROWS_PER_PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
  } finally {
    out.end();
    await finished(out);
  }
  return written;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/** Checks each row listed by writeObjectRows against the files under `objectsDir`. */
export async function findRowsWithoutBytes(rowsFile: string, objectsDir: string): Promise<RowsWithoutBytes> {
  const result: RowsWithoutBytes = { checked: 0, missing: 0, examples: [] };
  for await (const line of createInterface({ input: createReadStream(rowsFile) })) {
    const [key = "", size = ""] = line.split(" ");
    result.checked += 1;
    if ((await sizeOf(join(objectsDir, ...key.split("/")))) === Number(size)) continue;
    result.missing += 1;
    if (result.examples.length < MISSING_NAMED) result.examples.push(key);
  }
  return result;
}
