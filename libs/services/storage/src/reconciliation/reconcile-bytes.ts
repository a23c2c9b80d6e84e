import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { ObjectBytesStore } from "../backends/object-bytes-store";
import { bytesKey, OBJECT_KEY_PATTERN, UPLOAD_KEY_PREFIX } from "../objects/bytes-location";

const KEYS_PER_CHECK = 1_000;
// Checks in flight at once against the backend (S3 answers each with a HEAD request).
const STATS_AT_ONCE = 32;

/** What one pass found: bytes no row points at, and rows whose bytes are gone. */
export interface ReconciliationReport {
  keysSeen: number;
  orphanKeys: string[];
  rowsChecked: number;
  rowsWithoutBytes: { organizationId: string; objectId: string; bucketId: string; path: string }[];
}

async function versionsWithRows(db: Kysely<Database>, versions: string[]): Promise<Set<string>> {
  // A system read: reconciliation looks across every organization's objects by version only.
  const rows = await withSystem(db, (trx) =>
    trx.selectFrom("storage.objects").select("version").where("version", "in", versions).execute(),
  );
  return new Set(rows.map((row) => row.version));
}

/** Bytes under an object key whose version no row holds (keys of resumable uploads are left to their expiry job). */
export async function findOrphanKeys(db: Kysely<Database>, bytes: ObjectBytesStore, signal?: AbortSignal) {
  const orphanKeys: string[] = [];
  let keysSeen = 0;
  let batch: { key: string; version: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const known = await versionsWithRows(
      db,
      batch.map((entry) => entry.version),
    );
    for (const entry of batch) if (!known.has(entry.version)) orphanKeys.push(entry.key);
    batch = [];
  };
  for await (const { key } of bytes.list("")) {
    if (signal?.aborted) break;
    keysSeen += 1;
    if (key.startsWith(UPLOAD_KEY_PREFIX)) continue;
    const match = OBJECT_KEY_PATTERN.exec(key);
    if (!match?.groups?.version) {
      orphanKeys.push(key);
      continue;
    }
    batch.push({ key, version: match.groups.version });
    if (batch.length >= KEYS_PER_CHECK) await flush();
  }
  await flush();
  return { keysSeen, orphanKeys };
}

/** Rows whose bytes the backend no longer holds (reported, never repaired by guessing). */
export async function findRowsWithoutBytes(db: Kysely<Database>, bytes: ObjectBytesStore, signal?: AbortSignal) {
  const missing: ReconciliationReport["rowsWithoutBytes"] = [];
  let rowsChecked = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    if (signal?.aborted) break;
    const rows = await withSystem(db, (trx) =>
      trx
        .selectFrom("storage.objects")
        .select(["id", "organization_id", "bucket_id", "name", "version"])
        .where("id", ">", after)
        .orderBy("id")
        .limit(KEYS_PER_CHECK)
        .execute(),
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    rowsChecked += rows.length;
    for (let start = 0; start < rows.length; start += STATS_AT_ONCE) {
      const slice = rows.slice(start, start + STATS_AT_ONCE);
      const stats = await Promise.all(slice.map((row) => bytes.stat(bytesKey(row.organization_id, row.version))));
      slice.forEach((row, index) => {
        if (!stats[index]) {
          missing.push({
            organizationId: row.organization_id,
            objectId: row.id,
            bucketId: row.bucket_id,
            path: row.name,
          });
        }
      });
    }
  }
  return { rowsChecked, rowsWithoutBytes: missing };
}
