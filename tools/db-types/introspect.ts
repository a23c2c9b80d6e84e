import { type Kysely, sql } from "kysely";

export interface IntrospectedColumn {
  schema: string;
  table: string;
  column: string;
  notNull: boolean;
  hasDefault: boolean;
  /** '' | 'a' (always) | 'd' (by default) */
  identity: string;
  /** '' | 's' (stored generated column) */
  generated: string;
  /** The column's type seen through domains and arrays: element type name, array-ness, enum labels. */
  typeName: string;
  isArray: boolean;
  enumLabels: string[] | null;
}

/** Reads every user-facing column of the application's tables, views and partitioned parents. */
export async function introspectColumns<DB>(db: Kysely<DB>): Promise<IntrospectedColumn[]> {
  const { rows } = await sql<IntrospectedColumn>`
    select
      n.nspname as "schema",
      c.relname as "table",
      a.attname as "column",
      (a.attnotnull and c.relkind in ('r', 'p')) as "notNull",
      a.atthasdef as "hasDefault",
      a.attidentity::text as "identity",
      a.attgenerated::text as "generated",
      bt.typname as "typeName",
      (at.typcategory = 'A' and at.typelem <> 0) as "isArray",
      case when bt.typtype = 'e' then (
        select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = bt.oid
      ) end as "enumLabels"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    join pg_type at on at.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
    join pg_type et on et.oid = case when at.typcategory = 'A' and at.typelem <> 0 then at.typelem else at.oid end
    join pg_type bt on bt.oid = case when et.typtype = 'd' then et.typbasetype else et.oid end
    where c.relkind in ('r', 'p', 'v', 'm')
      and not c.relispartition
      and n.nspname !~ '^(pg_|_timescaledb|timescaledb_)'
      and n.nspname not in ('information_schema', 'app', 'migrations')
      and not exists (
        select 1 from pg_depend d
        where d.deptype = 'e'
          and ((d.classid = 'pg_class'::regclass and d.objid = c.oid)
            or (d.classid = 'pg_namespace'::regclass and d.objid = n.oid))
      )
      and not exists (select 1 from pg_inherits i where i.inhrelid = c.oid)
    order by n.nspname, c.relname, a.attname
  `.execute(db);
  return rows;
}
