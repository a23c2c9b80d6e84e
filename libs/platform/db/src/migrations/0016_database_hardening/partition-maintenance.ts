import { type Kysely, sql } from "kysely";
import { createPartitionFunctions, type PartitioningMode } from "../timeseries/partition-functions";

/**
 * timeseries.ensure_partitions as in 0007, except for the rows waiting in the default partition:
 * they now move in after the new partition is attached. Attaching validates the partition's
 * foreign keys with one query run as the tables' owner, which forced RLS on the referenced tables
 * (organizations, users) would blind, so every waiting row would look orphaned; row-by-row
 * foreign-key checks, which inserting into the attached partition fires, see every row.
 */
export async function createForcedRlsPartitionMaintenance(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function timeseries.ensure_partitions(tbl regclass, from_ts timestamptz, to_ts timestamptz)
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
            execute format('create temporary table waiting_rows (like %s) on commit drop', tbl);
            if default_part is not null then
              execute format(
                'with moved as (delete from %s where time >= $1 and time < $2 returning *) insert into pg_temp.waiting_rows select * from moved',
                default_part) using day_start, day_end;
            end if;
            execute format('alter table %s attach partition %s for values from (%L) to (%L)',
              tbl, part,
              to_char(day_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'),
              to_char(day_end at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'));
            execute format('insert into %s select * from pg_temp.waiting_rows', part);
            drop table pg_temp.waiting_rows;
            created := created + 1;
          end if;
          day_start := day_end;
        end loop;
        return created;
      end
      $$;
  `.execute(db);
}

/** Puts back 0007's partition functions exactly as it made them. */
export async function restorePartitionMaintenance(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ mode: PartitioningMode }>`select timeseries.partitioning_mode() as mode`.execute(db);
  await sql`
    drop function timeseries.ensure_partitions(regclass, timestamptz, timestamptz);
    drop function timeseries.partitioning_mode();
  `.execute(db);
  await createPartitionFunctions(db, rows[0]!.mode);
}
