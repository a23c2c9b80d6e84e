import { type Kysely, sql } from "kysely";

/** How long each time-series table keeps its rows by default; null keeps them for good. */
const DEFAULT_RETENTION: Record<string, string | null> = {
  system_metrics: "30 days",
  business_metrics: "90 days",
  agent_metrics: "90 days",
  user_activity: "365 days",
  events: "365 days",
  alerts: null,
  anomalies: "365 days",
  forecasts: "180 days",
  metric_rollups_1m: "90 days",
  metric_rollups_1h: "730 days",
  metric_rollups_1d: null,
};

/**
 * timeseries.retention_policies says how long each time-series table keeps rows (platform-wide,
 * read by the retention job as the system role). timeseries.drop_partitions_before() removes whole
 * TimescaleDB chunks or whole daily partitions that end at or before a time: retention never
 * deletes rows one by one. It is SECURITY DEFINER because only the tables' owner may drop them.
 */
export async function createRetention(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timeseries.retention_policies (
      table_name text primary key,
      keep_for interval check (keep_for > interval '0'),
      updated_at timestamptz not null default now()
    );
    create trigger touch_updated_at before update on timeseries.retention_policies
      for each row execute function app.touch_updated_at();
    alter table timeseries.retention_policies enable row level security;
    grant select, insert, update, delete on timeseries.retention_policies to cauldron_system;
  `.execute(db);
  for (const [table, keepFor] of Object.entries(DEFAULT_RETENTION)) {
    await sql`
      insert into timeseries.retention_policies (table_name, keep_for) values (${table}, ${keepFor}::interval)
    `.execute(db);
  }
  // Forced once seeded: from here on only the system role (which bypasses RLS) reads or changes them.
  await sql`alter table timeseries.retention_policies force row level security`.execute(db);

  await sql`
    create function timeseries.drop_partitions_before(tbl regclass, older_than timestamptz)
      returns integer
      language plpgsql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$
      declare
        parent_schema name;
        parent_name name;
        parent_kind "char";
        part record;
        dropped integer := 0;
      begin
        select n.nspname, c.relname, c.relkind into parent_schema, parent_name, parent_kind
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.oid = tbl;
        if parent_schema is distinct from 'timeseries' then
          raise exception '% is not a time-series table', tbl using errcode = 'invalid_parameter_value';
        end if;
        if older_than is null then
          raise exception 'older_than is required' using errcode = 'invalid_parameter_value';
        end if;
        if parent_kind <> 'p' then
          if timeseries.partitioning_mode() = 'hypertable' then
            execute 'select count(*)::integer from public.drop_chunks($1, older_than => $2)'
              into dropped using tbl, older_than;
            return dropped;
          end if;
          raise exception '% is not partitioned by time', tbl using errcode = 'invalid_parameter_value';
        end if;
        -- daily partitions are named <table>_pYYYYMMDD by timeseries.ensure_partitions
        for part in
          select c.oid::regclass as rel
            from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = tbl
             and c.relname ~ ('^' || parent_name || '_p[0-9]{8}$')
             and (to_timestamp(right(c.relname, 8), 'YYYYMMDD')::timestamp at time zone 'UTC') + interval '1 day'
                 <= older_than
        loop
          execute format('drop table %s', part.rel);
          dropped := dropped + 1;
        end loop;
        return dropped;
      end
      $$;
    revoke execute on function timeseries.drop_partitions_before(regclass, timestamptz) from public;
    grant execute on function timeseries.drop_partitions_before(regclass, timestamptz) to cauldron_system;
  `.execute(db);
}

/** Reverses createRetention. */
export async function dropRetention(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function timeseries.drop_partitions_before(regclass, timestamptz);
    drop table timeseries.retention_policies;
  `.execute(db);
}
