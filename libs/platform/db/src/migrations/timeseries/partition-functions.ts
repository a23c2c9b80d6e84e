import { type Kysely, sql } from "kysely";

export type PartitioningMode = "hypertable" | "native";

/** 0007: timeseries.partitioning_mode() and timeseries.ensure_partitions(); see the migration. */
export async function createPartitionFunctions(db: Kysely<unknown>, mode: PartitioningMode): Promise<void> {
  await sql`
    create function timeseries.partitioning_mode() returns text
      language sql immutable parallel safe
      as ${sql.lit(`select ${mode === "hypertable" ? "'hypertable'" : "'native'"}::text`)};
  `.execute(db);

  // SECURITY DEFINER: only the tables' owner may create and attach partitions, and the
  // maintenance job runs as cauldron_system. Days are UTC days; bounds are [00:00, next 00:00).
  await sql`
    create function timeseries.ensure_partitions(tbl regclass, from_ts timestamptz, to_ts timestamptz)
      returns integer
      language plpgsql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$
      declare
        parent_schema name;
        parent_name name;
        parent_kind "char";
        default_part regclass;
        day_start timestamptz;
        day_end timestamptz;
        part_name text;
        part regclass;
        created integer := 0;
      begin
        select n.nspname, c.relname, c.relkind into parent_schema, parent_name, parent_kind
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.oid = tbl;
        if parent_schema is distinct from 'timeseries' then
          raise exception '% is not a time-series table', tbl using errcode = 'invalid_parameter_value';
        end if;
        if parent_kind <> 'p' then
          -- nested so that the timescaledb view is only looked up where the extension exists
          if timeseries.partitioning_mode() = 'hypertable' then
            if exists (select from timescaledb_information.hypertables h
                        where h.hypertable_schema = parent_schema and h.hypertable_name = parent_name) then
              return 0; -- TimescaleDB creates chunks as rows arrive
            end if;
          end if;
          raise exception '% is not partitioned by time', tbl using errcode = 'invalid_parameter_value';
        end if;
        if from_ts is null or to_ts is null or from_ts > to_ts then
          raise exception 'invalid range [%, %]', from_ts, to_ts using errcode = 'invalid_parameter_value';
        end if;

        -- serialises concurrent callers (self-conflicting) without blocking reads or writes
        execute format('lock table %s in share update exclusive mode', tbl);

        select i.inhrelid::regclass into default_part
          from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = tbl and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

        day_start := date_trunc('day', from_ts, 'UTC');
        while day_start <= to_ts loop
          day_end := day_start + interval '1 day';
          part_name := format('%s_p%s', parent_name, to_char(day_start at time zone 'UTC', 'YYYYMMDD'));
          if to_regclass(format('%I.%I', parent_schema, part_name)) is null then
            execute format('create table %I.%I (like %s including defaults including constraints)',
              parent_schema, part_name, tbl);
            part := format('%I.%I', parent_schema, part_name)::regclass;
            execute format('revoke all on %s from public, cauldron_app, cauldron_system', part);
            -- rows that arrived before their day had a partition wait in the default partition
            if default_part is not null then
              execute format(
                'with moved as (delete from %s where time >= $1 and time < $2 returning *) insert into %s select * from moved',
                default_part, part) using day_start, day_end;
            end if;
            execute format('alter table %s attach partition %s for values from (%L) to (%L)',
              tbl, part,
              to_char(day_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'),
              to_char(day_end at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'));
            created := created + 1;
          end if;
          day_start := day_end;
        end loop;
        return created;
      end
      $$;

    revoke execute on function timeseries.ensure_partitions(regclass, timestamptz, timestamptz) from public;
    grant execute on function timeseries.ensure_partitions(regclass, timestamptz, timestamptz) to cauldron_system;
  `.execute(db);
}
