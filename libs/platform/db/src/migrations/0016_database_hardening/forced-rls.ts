import { type Kysely, sql } from "kysely";

// Every schema the migrations create tables in (partitions and extension tables excluded below).
const APPLICATION_SCHEMAS = [
  "public",
  "admin",
  "audit",
  "auth",
  "lore",
  "vector",
  "timeseries",
  "storage",
  "integration",
];

/** Sets FORCE (or NO FORCE) ROW LEVEL SECURITY on every application table that has RLS enabled. */
export async function setForcedRowLevelSecurity(db: Kysely<unknown>, force: boolean): Promise<void> {
  const { rows } = await sql<{ table: string }>`
    select format('%I.%I', n.nspname, c.relname) as table
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and c.relrowsecurity
      and n.nspname = any(${APPLICATION_SCHEMAS})
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by 1
  `.execute(db);
  for (const { table } of rows) {
    await sql`alter table ${sql.raw(table)} ${sql.raw(force ? "force" : "no force")} row level security`.execute(db);
  }
}

/** The tenancy helpers of 0001, now also forcing RLS, so tables added later are forced too. */
export async function createForcingTenancyHelpers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function app.apply_org_rls(tbl regclass, org_column text default 'organization_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format('alter table %s force row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_org_id()) with check (%I = app.current_org_id())',
          tbl, org_column, org_column);
      end
      $$;

    create or replace function app.apply_user_rls(tbl regclass, user_column text default 'user_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format('alter table %s force row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_user_id()) with check (%I = app.current_user_id())',
          tbl, user_column, user_column);
      end
      $$;
  `.execute(db);
}

/** The tenancy helpers exactly as 0001 created them. */
export async function restoreTenancyHelpers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function app.apply_org_rls(tbl regclass, org_column text default 'organization_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_org_id()) with check (%I = app.current_org_id())',
          tbl, org_column, org_column);
      end
      $$;

    create or replace function app.apply_user_rls(tbl regclass, user_column text default 'user_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_user_id()) with check (%I = app.current_user_id())',
          tbl, user_column, user_column);
      end
      $$;
  `.execute(db);
}
