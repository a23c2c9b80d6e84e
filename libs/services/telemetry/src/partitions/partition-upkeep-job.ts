import { withSystem } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { sql } from "kysely";

/**
 * Keeps daily partitions of every natively partitioned time-series table `daysAhead` ahead, once per
 * deployment. The DDL runs inside timeseries.ensure_partitions, a SECURITY DEFINER function owned by
 * the tables' owner and executable only by the system role (migrations 0007 and 0016), so the
 * services' role never holds DDL rights; each table gets its own short transaction with its own
 * statement and lock timeouts, so upkeep never stalls writers for long. Under TimescaleDB the
 * tables are hypertables, not partitioned, and nothing is listed: chunks appear as rows arrive.
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
      let created = 0;
      for (const { table } of tables) {
        if (signal.aborted) return;
        created += await withSystem(db, async (trx) => {
          await sql`select set_config('statement_timeout', ${String(statementTimeoutMs)}, true)`.execute(trx);
          await sql`select set_config('lock_timeout', '5000', true)`.execute(trx);
          const { rows } = await sql<{ created: number }>`
            select timeseries.ensure_partitions(${table}::regclass, now() - interval '1 day', now() + make_interval(days => ${daysAhead})) as created
          `.execute(trx);
          return rows[0]?.created ?? 0;
        });
      }
      if (created > 0) logger.info({ created, tables: tables.length }, "created time-series partitions ahead");
    },
  };
}
