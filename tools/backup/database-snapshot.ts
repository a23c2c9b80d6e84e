import pg from "pg";
import { z } from "zod";
import { adminUrlFor, type DatabaseLocation } from "./database-location";

/** When the backup's database snapshot was taken. */
export interface BackupPoint {
  /** This machine's clock just before the snapshot was asked for: every write acknowledged earlier is in it. */
  requestedAt: Date;
  /** The server's clock as it took the snapshot. */
  takenAt: Date;
  /** The server's WAL position then, to line the backup up with WAL archives. */
  walLsn: string;
}

/** What the snapshot says about the database, recorded in the manifest. */
export interface SnapshotFacts {
  owner: string;
  serverVersion: string;
  timescaledbVersion: string | null;
  /** Whether the database has storage.objects (rows that point at object bytes). */
  hasObjectTable: boolean;
  objectRows: number;
  objectRowBytes: number;
}

/** An exported snapshot held open for pg_dump, with storage.objects locked against changes until released. */
export interface HeldSnapshot {
  id: string;
  point: BackupPoint;
  facts: SnapshotFacts;
  /** The connection inside the snapshot, to read more of it. */
  client: pg.Client;
  /** Lets object rows change again: call once their bytes are secured. */
  releaseObjectLock(): Promise<void>;
  /** Ends the snapshot (after pg_dump finished with it) and the lock, if still held. */
  release(): Promise<void>;
}

async function connect(location: DatabaseLocation): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrlFor(location), application_name: "cauldron-backup" });
  // A connection cut mid-backup fails the pending query; this keeps it from also crashing the process.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function lockObjectRows(lock: pg.Client, lockTimeoutMs: number): Promise<void> {
  await lock.query("select set_config('lock_timeout', $1, true)", [`${lockTimeoutMs}ms`]);
  try {
    await lock.query("lock table storage.objects in share mode");
  } catch (error) {
    if ((error as { code?: string }).code !== "55P03") throw error;
    throw new Error(
      `writers kept storage.objects locked for more than ${lockTimeoutMs} ms; try again, or allow a longer wait with --lock-timeout-ms`,
    );
  }
}

const FACTS = `
  select pg_export_snapshot() as id, clock_timestamp() as taken_at,
         (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as wal_lsn,
         (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) as owner,
         current_setting('server_version') as server_version,
         (select extversion from pg_extension where extname = 'timescaledb') as timescaledb_version`;

const OBJECT_COUNTS = "select count(*)::text as rows, coalesce(sum(size), 0)::text as bytes from storage.objects";

const factsRow = z.object({
  id: z.string().min(1),
  taken_at: z.date(),
  wal_lsn: z.string(),
  owner: z.string().min(1),
  server_version: z.string().min(1),
  timescaledb_version: z.string().nullable(),
});

const countsRow = z.object({ rows: z.coerce.number().int(), bytes: z.coerce.number().int() });

/**
 * Takes the backup's snapshot. storage.objects is locked in SHARE mode first (on a connection of
 * its own), so no row can be deleted or repointed to new bytes, which would remove the old ones,
 * until releaseObjectLock: the bytes every row of the snapshot points at stay on disk meanwhile.
 * Writers that already changed object rows are waited for, up to lockTimeoutMs.
 */
export async function holdDatabaseSnapshot(location: DatabaseLocation, lockTimeoutMs: number): Promise<HeldSnapshot> {
  const lock = await connect(location);
  const snapshot = await connect(location).catch(async (error: unknown) => {
    await lock.end();
    throw error;
  });
  const endBoth = () => Promise.allSettled([lock.end(), snapshot.end()]);
  try {
    const { rows: tables } = await lock.query<{ present: boolean }>(
      "select to_regclass('storage.objects') is not null as present",
    );
    const hasObjectTable = tables[0]?.present === true;
    await lock.query("begin");
    await lock.query("select set_config('idle_in_transaction_session_timeout', '0', true)");
    if (hasObjectTable) await lockObjectRows(lock, lockTimeoutMs);
    const requestedAt = new Date();
    await snapshot.query("begin isolation level repeatable read read only");
    // pg_dump needs this transaction open until it has imported the snapshot, however long that takes.
    await snapshot.query(
      "select set_config('idle_in_transaction_session_timeout', '0', true), set_config('statement_timeout', '0', true)",
    );
    const facts = factsRow.parse((await snapshot.query(FACTS)).rows[0]);
    const counts = hasObjectTable
      ? countsRow.parse((await snapshot.query(OBJECT_COUNTS)).rows[0])
      : { rows: 0, bytes: 0 };
    let lockHeld = true;
    const releaseObjectLock = async () => {
      if (!lockHeld) return;
      lockHeld = false;
      await lock.query("commit");
    };
    return {
      id: facts.id,
      point: { requestedAt, takenAt: facts.taken_at, walLsn: facts.wal_lsn },
      facts: {
        owner: facts.owner,
        serverVersion: facts.server_version,
        timescaledbVersion: facts.timescaledb_version,
        hasObjectTable,
        objectRows: counts.rows,
        objectRowBytes: counts.bytes,
      },
      client: snapshot,
      releaseObjectLock,
      async release() {
        await releaseObjectLock().catch(() => undefined);
        await snapshot.query("rollback").catch(() => undefined);
        await endBoth();
      },
    };
  } catch (error) {
    await endBoth();
    throw error;
  }
}
