import { type Kysely, sql } from "kysely";

/*
 * 0002 tenancy: membership helpers, RLS policies and grants for the core tables.
 * Org-owned tables use app.apply_org_rls, user-owned ones app.apply_user_rls; roles, users and
 * organizations need their own policies (see the comments there).
 */

const TOUCHED_TABLES = [
  "public.users",
  "public.user_profiles",
  "public.organizations",
  "public.roles",
  "public.organization_users",
  "public.teams",
  "public.team_members",
  "admin.system_settings",
  "public.organization_settings",
  "public.user_settings",
];

// Granted table by table: "all tables in schema public" would also reach extension tables.
const READ_WRITE_TABLES = [
  "public.users",
  "public.user_profiles",
  "public.organizations",
  "public.roles",
  "public.permissions",
  "public.role_permissions",
  "public.user_roles",
  "public.user_sessions",
  "public.api_tokens",
  "public.organization_users",
  "public.teams",
  "public.team_members",
  "public.organization_invitations",
  "admin.system_settings",
  "public.organization_settings",
  "public.user_settings",
];

/** 0002: updated_at triggers, membership helpers, policies and grants for the core tables. */
export async function secureCoreTables(db: Kysely<unknown>): Promise<void> {
  for (const table of TOUCHED_TABLES) {
    await sql`
      create trigger touch_updated_at before update on ${sql.raw(table)}
        for each row execute function app.touch_updated_at()
    `.execute(db);
  }
  await createMembershipFunctions(db);
  await applyPolicies(db);
  for (const table of READ_WRITE_TABLES) {
    await sql`grant select, insert, update, delete on ${sql.raw(table)} to cauldron_app, cauldron_system`.execute(db);
  }
  await sql`grant select, insert on audit.audit_logs to cauldron_app, cauldron_system`.execute(db);
}

/** 0002 down: drops the membership helpers (policies, triggers and grants go with their tables). */
export async function dropMembershipFunctions(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function app.shares_organization_with(uuid);
    drop function app.is_member_of(uuid);
  `.execute(db);
}

// Policies on organizations and users ask about memberships; SECURITY DEFINER (owner, no RLS)
// answers without re-entering organization_users' own policy.
async function createMembershipFunctions(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function app.is_member_of(org uuid) returns boolean
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select exists (
          select 1 from public.organization_users
          where organization_id = org and user_id = app.current_user_id()
        )
      $$;

    create function app.shares_organization_with(other_user uuid) returns boolean
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select exists (
          select 1
          from public.organization_users mine
          join public.organization_users theirs on theirs.organization_id = mine.organization_id
          where mine.user_id = app.current_user_id() and theirs.user_id = other_user
        )
      $$;

    revoke execute on function app.is_member_of(uuid) from public;
    revoke execute on function app.shares_organization_with(uuid) from public;
    grant execute on function app.is_member_of(uuid) to cauldron_app, cauldron_system;
    grant execute on function app.shares_organization_with(uuid) to cauldron_app, cauldron_system;
  `.execute(db);
}

async function applyPolicies(db: Kysely<unknown>): Promise<void> {
  for (const table of ["public.user_profiles", "public.user_sessions", "public.api_tokens", "public.user_settings"]) {
    await sql`select app.apply_user_rls(${table}::regclass)`.execute(db);
  }
  for (const table of [
    "public.organization_users",
    "public.teams",
    "public.team_members",
    "public.organization_invitations",
    "public.organization_settings",
  ]) {
    await sql`select app.apply_org_rls(${table}::regclass)`.execute(db);
  }

  await sql`
    -- A user sees themself and the people they share an organization with; changes only themself.
    -- Sign-up creates users through withSystem.
    alter table public.users enable row level security;
    create policy users_read on public.users for select
      using (id = app.current_user_id() or app.shares_organization_with(id));
    create policy users_insert on public.users for insert with check (id = app.current_user_id());
    create policy users_update on public.users for update
      using (id = app.current_user_id()) with check (id = app.current_user_id());
    create policy users_delete on public.users for delete using (id = app.current_user_id());

    -- The active organization and every organization the user belongs to are visible; only the
    -- active one can change. Creating one: set the new id as the active organization first.
    alter table public.organizations enable row level security;
    create policy organizations_read on public.organizations for select
      using (id = app.current_org_id() or app.is_member_of(id));
    create policy organizations_insert on public.organizations for insert with check (id = app.current_org_id());
    create policy organizations_update on public.organizations for update
      using (id = app.current_org_id()) with check (id = app.current_org_id());
    create policy organizations_delete on public.organizations for delete using (id = app.current_org_id());

    -- Besides the active organization's members, a user sees their own memberships everywhere.
    create policy own_memberships on public.organization_users for select using (user_id = app.current_user_id());

    alter table public.permissions enable row level security;
    create policy permissions_read on public.permissions for select using (true);

    -- System settings are readable defaults for everyone; only withSystem changes them.
    alter table admin.system_settings enable row level security;
    create policy system_settings_read on admin.system_settings for select using (true);
  `.execute(db);

  // Global rows (organization_id null) are shared by every tenant and read-only to them.
  for (const table of ["public.roles", "public.role_permissions"]) {
    const t = sql.raw(table);
    await sql`
      alter table ${t} enable row level security;
      create policy tenant_read on ${t} for select
        using (organization_id is null or organization_id = app.current_org_id());
      create policy tenant_insert on ${t} for insert with check (organization_id = app.current_org_id());
      create policy tenant_update on ${t} for update
        using (organization_id = app.current_org_id()) with check (organization_id = app.current_org_id());
      create policy tenant_delete on ${t} for delete using (organization_id = app.current_org_id());
    `.execute(db);
  }

  await sql`
    -- A user reads their own assignments (global ones included) and the active organization's;
    -- assignments are made only within the active organization.
    alter table public.user_roles enable row level security;
    create policy user_roles_read on public.user_roles for select
      using (user_id = app.current_user_id() or organization_id = app.current_org_id());
    create policy user_roles_insert on public.user_roles for insert with check (organization_id = app.current_org_id());
    create policy user_roles_update on public.user_roles for update
      using (organization_id = app.current_org_id()) with check (organization_id = app.current_org_id());
    create policy user_roles_delete on public.user_roles for delete using (organization_id = app.current_org_id());

    -- Append-only: tenants read and write their organization's trail; system events carry no organization.
    alter table audit.audit_logs enable row level security;
    create policy audit_logs_read on audit.audit_logs for select using (organization_id = app.current_org_id());
    create policy audit_logs_insert on audit.audit_logs for insert
      with check (organization_id is null or organization_id = app.current_org_id());
  `.execute(db);
}
