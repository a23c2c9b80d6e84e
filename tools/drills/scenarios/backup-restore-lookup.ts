import { withTenant, type Database } from "@cauldron/db";
import type { Kysely, Transaction } from "kysely";
import { hashFile } from "../../backup/object-files";
import type { Expectations, ObjectExpectation, RowExpectation, WriteOwner } from "./backup-restore-ledger";
import { objectBytesPath } from "./backup-restore-objects";

/** What the restored stack held of what it had to. */
export interface LookupResult {
  rowsFound: number;
  objectsFound: number;
  /** Object versions whose bytes were read back and hashed. */
  objectsChecked: number;
  /** Of those, bytes missing or not matching the SHA-256 written. */
  checksumMismatches: number;
  /** The first few writes not found, described. */
  missing: string[];
}

const NAMED = 10;
const IDS_AT_ONCE = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IDS_AT_ONCE) out.push(items.slice(start, start + IDS_AT_ONCE));
  return out;
}

async function foundRowKeys(trx: Transaction<Database>, rows: readonly RowExpectation[]): Promise<Set<string>> {
  const found = new Set<string>();
  const ids = (kind: "document" | "embedding") => rows.flatMap((row) => (row.kind === kind ? [row.id] : []));
  for (const batch of chunks(ids("document"))) {
    const hits = await trx.selectFrom("lore.documents").select("id").where("id", "in", batch).execute();
    for (const hit of hits) found.add(`document ${hit.id}`);
  }
  for (const batch of chunks(ids("embedding"))) {
    const hits = await trx.selectFrom("vector.embeddings").select("id").where("id", "in", batch).execute();
    for (const hit of hits) found.add(`embedding ${hit.id}`);
  }
  const names = rows.flatMap((row) => (row.kind === "point" ? [row.metricName] : []));
  for (const batch of chunks(names)) {
    const hits = await trx
      .selectFrom("timeseries.business_metrics")
      .select("metric_name")
      .where("metric_name", "in", batch)
      .execute();
    for (const hit of hits) found.add(`point ${hit.metric_name}`);
  }
  return found;
}

function rowKey(row: RowExpectation): string {
  return row.kind === "point" ? `point ${row.metricName}` : `${row.kind} ${row.id}`;
}

async function objectRows(trx: Transaction<Database>, objects: readonly ObjectExpectation[]) {
  const found = new Map<string, { version: string; checksum: string | null }>();
  for (const batch of chunks(objects.map((object) => object.path))) {
    const hits = await trx
      .selectFrom("storage.objects")
      .select(["name", "version", "checksum"])
      .where("name", "in", batch)
      .execute();
    for (const hit of hits) found.set(hit.name, hit);
  }
  return found;
}

/**
 * Looks every expectation up in the restored stack as the app role, in each tenant's own
 * organization (so the grants and row-level security of the restored database are exercised),
 * and hashes the bytes of every object version found.
 */
export async function lookUpExpectations(
  db: Kysely<Database>,
  storeDir: string,
  expectations: Expectations,
): Promise<LookupResult> {
  const result: LookupResult = { rowsFound: 0, objectsFound: 0, objectsChecked: 0, checksumMismatches: 0, missing: [] };
  const miss = (what: string) => result.missing.length < NAMED && result.missing.push(what);
  const owners = new Map<string, WriteOwner>();
  for (const owner of [...expectations.rows, ...expectations.objects]) owners.set(owner.organizationId, owner);
  for (const owner of owners.values()) {
    const mine = <T extends WriteOwner>(items: readonly T[]) =>
      items.filter((item) => item.organizationId === owner.organizationId);
    const rows = mine(expectations.rows);
    const objects = mine(expectations.objects);
    const { found, stored } = await withTenant(db, owner, async (trx) => ({
      found: await foundRowKeys(trx, rows),
      stored: await objectRows(trx, objects),
    }));
    for (const row of rows) {
      if (found.has(rowKey(row))) result.rowsFound += 1;
      else miss(`${rowKey(row)} of ${owner.organizationId}`);
    }
    for (const object of objects) {
      const row = stored.get(object.path);
      const match = object.acceptable.find((state) =>
        state === null ? row === undefined : state.version === row?.version,
      );
      if (match === undefined) {
        miss(`object ${object.path} of ${owner.organizationId} (${row ? `version ${row.version}` : "absent"})`);
        continue;
      }
      result.objectsFound += 1;
      if (match === null) continue;
      result.objectsChecked += 1;
      const bytes = await hashFile(objectBytesPath(storeDir, owner.organizationId, match.version)).catch(
        () => undefined,
      );
      if (bytes?.sha256 !== match.sha256 || row?.checksum !== match.sha256) result.checksumMismatches += 1;
    }
  }
  return result;
}

/**
 * How many rows of the other tenants one tenant's user sees in the restored database, asking for
 * them by id: 0 while row-level security still confines the app role.
 */
export async function foreignRowsVisible(db: Kysely<Database>, expectations: Expectations): Promise<number> {
  const viewer = expectations.rows[0];
  if (!viewer) return 0;
  const foreign = expectations.rows.filter((row) => row.organizationId !== viewer.organizationId);
  const seen = await withTenant(db, viewer, (trx) => foundRowKeys(trx, foreign));
  return seen.size;
}
