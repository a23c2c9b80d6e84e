import { type Kysely, sql } from "kysely";
import { handToSystemRole } from "./system-owned-functions";

/**
 * storage.quotas: limits an operator sets per organization (null: unlimited); tenants read them,
 * only the system role writes them, so no organization raises its own limit.
 * storage.usage: bytes and objects an organization stores, kept exact by statement triggers on
 * storage.objects in the same transaction as the change. The trigger function runs as
 * cauldron_system, the only role that may write the table; tenants read their own row, and an
 * organization without a row stores nothing. A bulk delete (emptying a bucket, deleting the
 * organization) changes the row once per statement, not once per object.
 */
export async function createUsageAndQuotas(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table storage.quotas (
      organization_id uuid primary key references public.organizations (id) on delete cascade,
      max_bytes bigint check (max_bytes > 0),
      max_objects bigint check (max_objects > 0),
      updated_at timestamptz not null default now()
    );
    create trigger touch_updated_at before update on storage.quotas
      for each row execute function app.touch_updated_at();

    create table storage.usage (
      organization_id uuid primary key references public.organizations (id) on delete cascade,
      bytes bigint not null default 0 check (bytes >= 0),
      objects bigint not null default 0 check (objects >= 0)
    );

    create function storage.count_usage() returns trigger
      language plpgsql security definer
      set search_path = pg_catalog, pg_temp
      as $$
      begin
        if tg_op = 'INSERT' then
          insert into storage.usage as u (organization_id, bytes, objects)
          select organization_id, sum(size), count(*) from new_rows group by organization_id
          on conflict (organization_id) do update
            set bytes = u.bytes + excluded.bytes, objects = u.objects + excluded.objects;
        elsif tg_op = 'DELETE' then
          -- Only ever lowers an existing row: when the organization itself is being deleted its
          -- row may be gone already, and inserting one would point at a vanishing organization.
          update storage.usage u set bytes = u.bytes - d.bytes, objects = u.objects - d.objects
          from (select organization_id, sum(size) as bytes, count(*) as objects from old_rows group by organization_id) d
          where u.organization_id = d.organization_id;
        else
          -- A replace may shrink: deltas are added to existing rows by UPDATE (an INSERT … ON
          -- CONFLICT would check the negative delta against bytes >= 0 before merging it).
          with deltas as (
            select organization_id, sum(bytes) as bytes, sum(objects) as objects
            from (
              select organization_id, size as bytes, 1 as objects from new_rows
              union all
              select organization_id, -size, -1 from old_rows
            ) d
            group by organization_id
            having sum(bytes) <> 0 or sum(objects) <> 0
          ),
          changed as (
            update storage.usage u set bytes = u.bytes + deltas.bytes, objects = u.objects + deltas.objects
            from deltas where u.organization_id = deltas.organization_id
            returning u.organization_id
          )
          insert into storage.usage (organization_id, bytes, objects)
          select organization_id, bytes, objects from deltas
          where organization_id not in (select organization_id from changed);
        end if;
        return null;
      end
      $$;
    create trigger count_usage_after_insert after insert on storage.objects
      referencing new table as new_rows for each statement execute function storage.count_usage();
    create trigger count_usage_after_update after update on storage.objects
      referencing old table as old_rows new table as new_rows for each statement execute function storage.count_usage();
    create trigger count_usage_after_delete after delete on storage.objects
      referencing old table as old_rows for each statement execute function storage.count_usage();

    select app.apply_org_rls('storage.quotas'::regclass);
    select app.apply_org_rls('storage.usage'::regclass);
    grant select on storage.quotas, storage.usage to cauldron_app;
    grant select, insert, update, delete on storage.quotas, storage.usage to cauldron_system;
  `.execute(db);
  await handToSystemRole(db, ["storage.count_usage()"], "none");
  // Tables force RLS on their owner (0016); the system role sees every organization's objects.
  await sql`
    set local role cauldron_system;
    insert into storage.usage (organization_id, bytes, objects)
    select organization_id, sum(size), count(*) from storage.objects group by organization_id;
    reset role;
  `.execute(db);
}

/** Reverses createUsageAndQuotas. */
export async function dropUsageAndQuotas(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger count_usage_after_delete on storage.objects;
    drop trigger count_usage_after_update on storage.objects;
    drop trigger count_usage_after_insert on storage.objects;
    drop function storage.count_usage();
    drop table storage.usage;
    drop table storage.quotas;
  `.execute(db);
}
