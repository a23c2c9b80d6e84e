import { type Kysely, sql } from "kysely";
import { handToSystemRole } from "./system-owned-functions";

/*
 * Who may do what with storage, answered for the caller (app.user_id in app.org_id), never for a
 * user an argument names. Ranks: read 1 < write 2 < delete 3 < admin 4 (0: nothing).
 * A caller's rank on a bucket is the highest of: 4 as the organization's owner or admin or as the
 * bucket's owner; the bucket's default_access as a member; and grants on the bucket to the caller,
 * one of the caller's teams, the organization (as a member) or one of the caller's roles. On an
 * object it is the highest of that, 4 as the object's owner, and grants on the object.
 * The set-returning and array functions take no per-row argument, so a policy wraps them in
 * (select …) and Postgres computes them once per statement; caller_access_rank answers for one
 * object (a service asking before it streams bytes, an update moving an object).
 */
const FUNCTIONS = sql`
  create function storage.permission_rank(p_permission text) returns integer
    language sql immutable parallel safe
    as $$ select case p_permission when 'read' then 1 when 'write' then 2 when 'delete' then 3 when 'admin' then 4 else 0 end $$;

  create function storage.caller_org_role() returns text
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    begin
      return (select ou.role from public.organization_users ou
              where ou.user_id = app.current_user_id() and ou.organization_id = app.current_org_id());
    end
    $$;

  create function storage.caller_role_ids() returns uuid[]
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    declare
      v_role text := storage.caller_org_role();
    begin
      return (
        select coalesce(array_agg(distinct held.role_id), '{}') from (
          select r.id as role_id from public.roles r
          where r.organization_id is null and r.is_system and r.name = v_role
          union all
          select ur.role_id from public.user_roles ur
          where ur.user_id = app.current_user_id()
            and (ur.organization_id is null or ur.organization_id = app.current_org_id())
        ) held);
    end
    $$;

  create function storage.caller_grants() returns table (bucket_id text, object_id uuid, rank integer)
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    #variable_conflict use_column
    declare
      v_user uuid := app.current_user_id();
      v_org uuid := app.current_org_id();
      v_member boolean := storage.caller_org_role() is not null;
      v_teams uuid[] := app.caller_team_ids();
      v_roles uuid[] := storage.caller_role_ids();
    begin
      if v_user is null then
        return;
      end if;
      return query
        select ac.bucket_id, ac.object_id, max(storage.permission_rank(ac.permission))::integer
        from public.access_controls ac
        where ac.organization_id = v_org
          and ((ac.entity_type = 'user' and ac.entity_id = v_user)
            or (ac.entity_type = 'team' and ac.entity_id = any (v_teams))
            or (ac.entity_type = 'organization' and ac.entity_id = v_org and v_member)
            or (ac.entity_type = 'role' and ac.entity_id = any (v_roles)))
        group by ac.bucket_id, ac.object_id;
    end
    $$;

  create function storage.caller_bucket_ranks() returns table (bucket_id text, rank integer)
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    #variable_conflict use_column
    declare
      v_user uuid := app.current_user_id();
      v_role text := storage.caller_org_role();
    begin
      if v_user is null then
        return;
      end if;
      return query
        select b.id, greatest(
            case when v_role in ('owner', 'admin') or b.owner = v_user then 4 else 0 end,
            case when v_role is not null then storage.permission_rank(b.default_access) else 0 end,
            coalesce(g.rank, 0))
        from storage.buckets b
        left join storage.caller_grants() g on g.bucket_id = b.id
        where b.organization_id = app.current_org_id();
    end
    $$;

  create function storage.caller_buckets_at(p_rank integer) returns text[]
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    begin
      return (select coalesce(array_agg(r.bucket_id), '{}') from storage.caller_bucket_ranks() r where r.rank >= p_rank);
    end
    $$;

  create function storage.caller_objects_at(p_rank integer) returns uuid[]
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    begin
      return (
        select coalesce(array_agg(g.object_id), '{}') from storage.caller_grants() g
        where g.object_id is not null and g.rank >= p_rank);
    end
    $$;

  create function storage.caller_access_rank(p_bucket text, p_object uuid, p_owner uuid) returns integer
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    begin
      if app.current_user_id() is null then
        return 0;
      elsif p_owner = app.current_user_id() then
        return 4;
      end if;
      return greatest(
        (select coalesce(max(r.rank), 0) from storage.caller_bucket_ranks() r where r.bucket_id = p_bucket),
        (select coalesce(max(g.rank), 0) from storage.caller_grants() g where g.object_id = p_object));
    end
    $$;
`;

const CALLER_FUNCTIONS = [
  "storage.caller_org_role()",
  "storage.caller_role_ids()",
  "storage.caller_grants()",
  "storage.caller_bucket_ranks()",
  "storage.caller_buckets_at(integer)",
  "storage.caller_objects_at(integer)",
  "storage.caller_access_rank(text, uuid, uuid)",
];

/** Creates storage.permission_rank and the caller_* functions the access policies are built on. */
export async function createCallerAccessFunctions(db: Kysely<unknown>): Promise<void> {
  await FUNCTIONS.execute(db);
  await handToSystemRole(db, CALLER_FUNCTIONS, "cauldron_app, cauldron_system");
}

/** Reverses createCallerAccessFunctions. */
export async function dropCallerAccessFunctions(db: Kysely<unknown>): Promise<void> {
  for (const fn of [...CALLER_FUNCTIONS].reverse()) {
    await sql`drop function ${sql.raw(fn)}`.execute(db);
  }
  await sql`drop function storage.permission_rank(text)`.execute(db);
}
