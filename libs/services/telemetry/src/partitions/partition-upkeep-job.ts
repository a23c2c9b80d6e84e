import { withSystem, type Database } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { type Kysely, sql, type Transaction } from "kysely";
import { daysWaitingInDefault, isPartitionedTimeSeriesTable, type PartitionedTimeSeriesTable } from "./waiting-days";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One short system transaction of the job, with its statement and lock timeouts. */
function inUpkeepTransaction<T>(
  db: Kysely<Database>,
  statementTimeoutMs: number,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return withSystem(db, async (trx) => {
    await sql`select set_config('statement_timeout', ${String(statementTimeoutMs)}, true)`.execute(trx);
    await sql`select set_config('lock_timeout', '5000', true)`.execute(trx);
    return work(trx);
  });
}

/** Creates the table's missing daily partitions from `from`'s day to `to`'s; answers how many. */
async function ensurePartitions(trx: Transaction<Database>, table: string, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ created: number }>`
    select timeseries.ensure_partitions(${table}::regclass, ${from}::timestamptz, ${to}::timestamptz) as created
  `.execute(trx);
  return rows[0]?.created ?? 0;
}

/** Gives each past day with rows waiting in the table's default partition a partition of its own. */
async function partitionWaitingDays(
  trx: Transaction<Database>,
  table: PartitionedTimeSeriesTable,
  pastBefore: Date,
): Promise<number> {
  let created = 0;
  for (const day of await daysWaitingInDefault(trx, table, pastBefore)) {
    created += await ensurePartitions(trx, table, day, day);
  }
  return created;
}

/**
 * Keeps daily partitions of every natively partitioned time-series table `daysAhead` ahead, once per
 * deployment, and gives each past day with rows waiting in a table's default partition (a backfill,
 * or days the job missed) a partition of its own, so retention can drop those rows with their day.
 * The DDL runs inside timeseries.ensure_partitions, a SECURITY DEFINER function owned by the
 * tables' owner and executable only by the system role (migrations 0007 and 0016), which also
 * moves a new day's waiting rows into it; the services' role never holds DDL rights. Each table
 * gets its own short transactions with their own statement and lock timeouts, so upkeep never
 * stalls writers for long. Under TimescaleDB the tables are hypertables, not partitioned, and
 * nothing is listed: chunks appear as rows arrive.
 */
export function partitionUpkeepJob(
  options: { everyMs?: number; statementTimeoutMs?: number; daysAhead?: number } = {},
): JobWorker {
  const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
  // Far enough ahead that no row waits in a default partition for its day, even across a long outage.
  const daysAhead = options.daysAhead ?? 7;
  return {
    kind: "job",
    name: "telemetry.ensure-partitions",
    everyMs: options.everyMs ?? 3_600_000,
    async run({ db, logger, signal }) {
      const { rows: tables } = await sql<{ table: string }>`
        select c.oid::regclass::text as "table"
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'timeseries' and c.relkind = 'p' and not c.relispartition
        order by 1
      `.execute(db);
      // The day the partitions ahead start at, yesterday: days before it are past.
      const pastBefore = new Date(Math.floor((Date.now() - DAY_MS) / DAY_MS) * DAY_MS);
      const aheadTo = new Date(Date.now() + daysAhead * DAY_MS);
      let ahead = 0;
      let past = 0;
      for (const { table } of tables) {
        if (signal.aborted) return;
        ahead += await inUpkeepTransaction(db, statementTimeoutMs, (trx) =>
          ensurePartitions(trx, table, pastBefore, aheadTo),
        );
        if (!isPartitionedTimeSeriesTable(table)) {
          logger.warn({ table }, "a partitioned time-series table this job does not know: its past days go unchecked");
          continue;
        }
        past += await inUpkeepTransaction(db, statementTimeoutMs, (trx) =>
          partitionWaitingDays(trx, table, pastBefore),
        );
      }
      if (ahead > 0) logger.info({ created: ahead, tables: tables.length }, "created time-series partitions ahead");
      if (past > 0) logger.info({ created: past }, "gave past days waiting in default partitions their own");
    },
  };
}
