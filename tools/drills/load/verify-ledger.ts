import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createDatabase, withSystem, type Database } from "@cauldron/db";
import type { Kysely, Transaction } from "kysely";
import { ledgerSchema, type AcknowledgedWrite, type AcknowledgedWriteOf, type WriteKind } from "./ledger";
import {
  countPointBatches,
  findDocuments,
  findEmbeddings,
  findObjects,
  findTeams,
  objectKey,
  type StoredObject,
} from "./ledger-lookups";

const CHUNK = 500;
const SAMPLE = 20;

/** What became of one kind of acknowledged write. */
export interface KindVerification {
  acknowledged: number;
  /** Found intact: present, and for objects with the acknowledged bytes. */
  found: number;
  missingCount: number;
  /** Up to 20 ids (object keys organization/bucket/path; batch ids for points) of writes not found. */
  missing: string[];
  /** Objects whose stored checksum or bytes differ from what was uploaded (not counted as found). */
  corrupted: string[];
}

export interface LedgerVerification {
  byKind: Record<WriteKind, KindVerification>;
  /** Every acknowledged write was found intact. */
  allFound: boolean;
}

export interface VerifyLedgerOptions {
  /**
   * The owner's (or system role's) database URL. The ledger spans organizations the verifier
   * belongs to none of, and tenant policies would hide every row from it: reading as
   * cauldron_system (RLS bypassed) shows what is stored, not what one member may see.
   */
  systemDatabaseUrl: string;
  /** The filesystem backend's folder: given, each object's bytes are read and hashed too. */
  objectStoreDir?: string;
}

interface Outcomes {
  missing: string[];
  corrupted: string[];
}

type Lookup<W, L> = (trx: Transaction<Database>, part: W[]) => Promise<L>;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function ofKind<K extends WriteKind>(writes: readonly AcknowledgedWrite[], kind: K): AcknowledgedWriteOf<K>[] {
  return writes.filter((write): write is AcknowledgedWriteOf<K> => write.kind === kind);
}

/** Looks up every acknowledged write as the system role and says, kind by kind, what was found. */
export async function verifyLedger(
  ledger: readonly AcknowledgedWrite[],
  options: VerifyLedgerOptions,
): Promise<LedgerVerification> {
  const writes = ledgerSchema.parse(ledger);
  const db = createDatabase({ url: options.systemDatabaseUrl, poolMax: 1, applicationName: "cauldron-drill-verify" });
  const verify = <W, L>(kind: W[], lookup: Lookup<W, L>, judge: (part: W[], found: L) => Promise<Outcomes>) =>
    verifyInChunks(db, kind, lookup, judge);
  const byId = (part: { id: string }[], found: Set<string>) =>
    Promise.resolve({ missing: part.map((write) => write.id).filter((id) => !found.has(id)), corrupted: [] });
  const ids = (part: { id: string }[]) => part.map((write) => write.id);
  try {
    const byKind: Record<WriteKind, KindVerification> = {
      team: await verify(ofKind(writes, "team"), (trx, part) => findTeams(trx, ids(part)), byId),
      document: await verify(ofKind(writes, "document"), (trx, part) => findDocuments(trx, ids(part)), byId),
      embedding: await verify(ofKind(writes, "embedding"), (trx, part) => findEmbeddings(trx, ids(part)), byId),
      points: await verify(ofKind(writes, "points"), countPointBatches, async (part, counts) => ({
        missing: part.filter((write) => (counts.get(write.batchId) ?? 0) < write.count).map((write) => write.batchId),
        corrupted: [],
      })),
      object: await verify(ofKind(writes, "object"), findObjects, (part, stored) =>
        judgeObjects(part, stored, options.objectStoreDir),
      ),
    };
    const allFound = Object.values(byKind).every((kind) => kind.found === kind.acknowledged);
    return { byKind, allFound };
  } finally {
    await db.destroy();
  }
}

async function verifyInChunks<W, L>(
  db: Kysely<Database>,
  writes: W[],
  lookup: Lookup<W, L>,
  judge: (part: W[], found: L) => Promise<Outcomes>,
): Promise<KindVerification> {
  const missing: string[] = [];
  const corrupted: string[] = [];
  for (let start = 0; start < writes.length; start += CHUNK) {
    const part = writes.slice(start, start + CHUNK);
    const outcomes = await judge(part, await withSystem(db, (trx) => lookup(trx, part)));
    missing.push(...outcomes.missing);
    corrupted.push(...outcomes.corrupted);
  }
  return {
    acknowledged: writes.length,
    found: writes.length - missing.length - corrupted.length,
    missingCount: missing.length,
    missing: missing.slice(0, SAMPLE),
    corrupted,
  };
}

async function judgeObjects(
  writes: AcknowledgedWriteOf<"object">[],
  stored: Map<string, StoredObject>,
  objectStoreDir: string | undefined,
): Promise<Outcomes> {
  const outcomes: Outcomes = { missing: [], corrupted: [] };
  for (const write of writes) {
    const key = objectKey(write);
    const object = stored.get(key);
    if (!object) outcomes.missing.push(key);
    else if (object.checksum !== write.sha256) outcomes.corrupted.push(`${key}: checksum ${object.checksum}`);
    else if (objectStoreDir) {
      const bytes = await readFile(path.join(objectStoreDir, ...object.bytesKey.split("/"))).catch(() => null);
      if (!bytes) outcomes.corrupted.push(`${key}: no bytes at ${object.bytesKey}`);
      else if (sha256(bytes) !== write.sha256) outcomes.corrupted.push(`${key}: stored bytes differ`);
    }
  }
  return outcomes;
}
