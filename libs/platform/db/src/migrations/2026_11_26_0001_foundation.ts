import { type Kysely, sql } from "kysely";

/*
 * Foundation for every later migration:
 * - checks the extensions the schema relies on (the admin creates them per database; a superuser
 *   migrator creates them here),
 * - creates every module schema (public is Postgres's own) and grants the app roles USAGE on them,
 * - creates the `app` schema with the tenancy helpers used by RLS policies:
 *     app.current_user_id(), app.current_org_id()          GUCs set by withTenant()
 *     app.apply_org_rls(table, column = 'organization_id')  policy tenant_isolation on <column> = current org
 *     app.apply_user_rls(table, column = 'user_id')         policy tenant_isolation on <column> = current user
 *     app.touch_updated_at()                               trigger function keeping updated_at current
 * Later migrations only create tables and grant table privileges.
 */

const REQUIRED_EXTENSIONS = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
const MODULE_SCHEMAS = ["admin", "audit", "auth", "lore", "vector", "timeseries", "storage", "integration"];
const APP_ROLES = ["cauldron_app", "cauldron_system"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await requireRoles(db);
  await ensureExtensions(db);

  for (const schema of MODULE_SCHEMAS) {
    await sql`create schema ${sql.id(schema)}`.execute(db);
  }
  await sql`create schema app`.execute(db);
  for (const schema of ["public", "app", ...MODULE_SCHEMAS]) {
    await sql`grant usage on schema ${sql.id(schema)} to cauldron_app, cauldron_system`.execute(db);
  }

  await sql`
    create function app.current_user_id() returns uuid
      language sql stable parallel safe
      as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

    create function app.current_org_id() returns uuid
      language sql stable parallel safe
      as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

    create function app.apply_org_rls(tbl regclass, org_column text default 'organization_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_org_id()) with check (%I = app.current_org_id())',
          tbl, org_column, org_column);
      end
      $$;

    create function app.apply_user_rls(tbl regclass, user_column text default 'user_id') returns void
      language plpgsql
      as $$
      begin
        execute format('alter table %s enable row level security', tbl);
        execute format(
          'create policy tenant_isolation on %s using (%I = app.current_user_id()) with check (%I = app.current_user_id())',
          tbl, user_column, user_column);
      end
      $$;

    create function app.touch_updated_at() returns trigger
      language plpgsql
      as $$
      begin
        new.updated_at := now();
        return new;
      end
      $$;

    revoke execute on function app.apply_org_rls(regclass, text) from public;
    revoke execute on function app.apply_user_rls(regclass, text) from public;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function app.touch_updated_at();
    drop function app.apply_user_rls(regclass, text);
    drop function app.apply_org_rls(regclass, text);
    drop function app.current_org_id();
    drop function app.current_user_id();
    revoke usage on schema public from cauldron_app, cauldron_system;
  `.execute(db);
  await sql`drop schema app`.execute(db);
  for (const schema of [...MODULE_SCHEMAS].reverse()) {
    await sql`drop schema ${sql.id(schema)}`.execute(db);
  }
}

async function requireRoles(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ rolname: string }>`
    select rolname from pg_roles where rolname = any(${APP_ROLES})
  `.execute(db);
  const missing = APP_ROLES.filter((role) => !rows.some((row) => row.rolname === role));
  if (missing.length > 0) {
    throw new Error(
      `Missing database roles: ${missing.join(", ")}. Create them first (tools/stack/stack.sh up does it locally).`,
    );
  }
}

// A non-superuser owner cannot create untrusted extensions; an admin must have done it beforehand.
async function ensureExtensions(db: Kysely<unknown>): Promise<void> {
  for (const extension of REQUIRED_EXTENSIONS) {
    await sql`
      do $$
      begin
        execute format('create extension if not exists %I', ${sql.lit(extension)});
      exception when others then
        raise notice 'could not create extension %: %', ${sql.lit(extension)}, sqlerrm;
      end
      $$
    `.execute(db);
  }
  const { rows } = await sql<{ extname: string }>`
    select extname from pg_extension where extname = any(${REQUIRED_EXTENSIONS})
  `.execute(db);
  const missing = REQUIRED_EXTENSIONS.filter((name) => !rows.some((row) => row.extname === name));
  if (missing.length > 0) {
    throw new Error(
      `Missing PostgreSQL extensions: ${missing.join(", ")}. ` +
        `An administrator must run CREATE EXTENSION for them in this database before migrating ` +
        `(the test harness and tools/stack do this as the postgres role).`,
    );
  }
}
