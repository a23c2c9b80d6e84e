import { type Kysely, sql } from "kysely";

interface CallerLookup {
  name: string;
  /** Argument types of the version taking a user id (0012, 0015), kept as <name>_of. */
  byUser: string;
  /** Parameters and argument types of the caller-scoped version. */
  params: string;
  args: string;
  /** How the caller-scoped version calls <name>_of. */
  call: string;
}

// Look-ups about "the caller": the versions taking a user id stay for system transactions (which
// may ask about anyone), renamed to <name>_of; <name> answers only for app.user_id, the caller
// RLS already trusts.
const CALLER_LOOKUPS: CallerLookup[] = [
  {
    name: "organization_access",
    byUser: "uuid, uuid",
    params: "p_org uuid",
    args: "uuid",
    call: "app.current_user_id(), p_org",
  },
  { name: "user_overview", byUser: "uuid", params: "", args: "", call: "app.current_user_id()" },
];

// Definer functions 0002 and 0012 created without pg_temp at the end of their search_path.
const WITHOUT_PG_TEMP = [
  "app.is_member_of(uuid)",
  "app.shares_organization_with(uuid)",
  "app.session_revoked(uuid, uuid)",
  "app.user_overview_of(uuid)",
];

/**
 * organization_access and user_overview become wrappers that read the caller from app.user_id; the
 * versions taking a user id become <name>_of, executable by cauldron_system only. The look-ups
 * that authenticate a credential (api_token_lookup, session_revoked) keep it as their argument,
 * since nobody is acting yet when they run.
 */
export async function scopeLookupsToCaller(db: Kysely<unknown>): Promise<void> {
  for (const lookup of CALLER_LOOKUPS) {
    const byUser = sql.raw(`app.${lookup.name}_of(${lookup.byUser})`);
    const forCaller = sql.raw(`app.${lookup.name}(${lookup.args})`);
    await sql`alter function ${sql.raw(`app.${lookup.name}(${lookup.byUser})`)} rename to ${sql.raw(`${lookup.name}_of`)}`.execute(
      db,
    );
    const { rows } = await sql<{ result: string }>`
      select pg_get_function_result(${`app.${lookup.name}_of(${lookup.byUser})`}::regprocedure) as result
    `.execute(db);
    await sql`
      create function ${sql.raw(`app.${lookup.name}(${lookup.params})`)} returns ${sql.raw(rows[0]!.result)}
        language sql stable security definer
        set search_path = pg_catalog, public, pg_temp
        as ${sql.lit(`select * from app.${lookup.name}_of(${lookup.call})`)};
      revoke execute on function ${byUser} from public, cauldron_app;
      grant execute on function ${byUser} to cauldron_system;
      revoke execute on function ${forCaller} from public;
      grant execute on function ${forCaller} to cauldron_app, cauldron_system;
    `.execute(db);
  }
  for (const fn of WITHOUT_PG_TEMP) {
    await sql`alter function ${sql.raw(fn)} set search_path = pg_catalog, public, pg_temp`.execute(db);
  }
}

/** Drops the caller-scoped wrappers and gives the by-user look-ups back their names and grants. */
export async function unscopeLookups(db: Kysely<unknown>): Promise<void> {
  for (const fn of WITHOUT_PG_TEMP) {
    await sql`alter function ${sql.raw(fn)} set search_path = pg_catalog, public`.execute(db);
  }
  for (const lookup of CALLER_LOOKUPS) {
    await sql`
      drop function ${sql.raw(`app.${lookup.name}(${lookup.args})`)};
      alter function ${sql.raw(`app.${lookup.name}_of(${lookup.byUser})`)} rename to ${sql.raw(lookup.name)};
      grant execute on function ${sql.raw(`app.${lookup.name}(${lookup.byUser})`)} to cauldron_app;
    `.execute(db);
  }
}

/**
 * Hands every SECURITY DEFINER function in schema app (they read memberships, tokens and sessions
 * of every tenant) to cauldron_system, which bypasses RLS; tables now force RLS on their owner.
 * timeseries.ensure_partitions stays with the owner: only the tables' owner may attach partitions.
 */
export async function setDefinerFunctionOwner(
  db: Kysely<unknown>,
  owner: "cauldron_system" | "current_user",
): Promise<void> {
  const { rows } = await sql<{ fn: string }>`
    select p.oid::regprocedure::text as fn
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'app' and p.prosecdef
    order by 1
  `.execute(db);
  // A new owner needs CREATE on the schema at the moment of the change, and no longer.
  if (owner === "cauldron_system") await sql`grant create on schema app to cauldron_system`.execute(db);
  for (const { fn } of rows) {
    await sql`alter function ${sql.raw(fn)} owner to ${sql.raw(owner)}`.execute(db);
    // Owning merged the system role's own EXECUTE grant into its owner rights; give it back.
    if (owner === "current_user") await sql`grant execute on function ${sql.raw(fn)} to cauldron_system`.execute(db);
  }
  if (owner === "cauldron_system") await sql`revoke create on schema app from cauldron_system`.execute(db);
}
