import { type Kysely, sql } from "kysely";

/** A time-partitioned table of the telemetry schema, confined to its organization's rows. */
export interface TenantTimeSeriesTable {
  /** Unqualified name inside schema timeseries. */
  name: string;
  columns: string;
  /** Leading columns of the lookup index; `time desc` is appended. */
  key: string;
}

/**
 * Creates the table the way 0007 made the others: a hypertable where timescaledb is installed, else
 * a RANGE-partitioned table with a DEFAULT partition; RLS by organization with 0007's array form.
 */
export async function createTenantTimeSeriesTable(db: Kysely<unknown>, table: TenantTimeSeriesTable): Promise<void> {
  const name = `timeseries.${table.name}`;
  const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(db);
  const native = rows[0]?.mode === "native";
  await sql`
    create table ${sql.table(name)} (${sql.raw(table.columns)}) ${native ? sql`partition by range (time)` : sql``}
  `.execute(db);
  if (native) {
    await sql`create table ${sql.table(`${name}_default`)} partition of ${sql.table(name)} default`.execute(db);
    await sql`revoke all on ${sql.table(`${name}_default`)} from public, cauldron_app, cauldron_system`.execute(db);
    await sql`
      select timeseries.ensure_partitions(${sql.lit(name)}, now() - interval '1 day', now() + interval '7 days')
    `.execute(db);
  } else {
    await sql`
      select create_hypertable(${sql.lit(name)}, 'time',
        chunk_time_interval => interval '1 day', create_default_indexes => false,
        associated_schema_name => 'timeseries_chunks')
    `.execute(db);
  }
  await sql`
    create index ${sql.id(`${table.name}_key_idx`)} on ${sql.table(name)} (${sql.raw(table.key)}, time desc);
    alter table ${sql.table(name)} enable row level security;
    alter table ${sql.table(name)} force row level security;
    create policy tenant_isolation on ${sql.table(name)}
      using (organization_id = any (array[app.current_org_id()]))
      with check (organization_id = app.current_org_id());
    grant select, insert, update, delete on ${sql.table(name)} to cauldron_app, cauldron_system;
  `.execute(db);
}
