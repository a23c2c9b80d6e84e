import { type Kysely, sql } from "kysely";

/*
 * auth.me asks app.user_overview() for the transaction's user; in a tenant transaction that costs a
 * second round trip for the commit. app.user_overview_as answers the same in one statement outside
 * a transaction: its argument is evaluated before it runs, so `(select $user from
 * set_config('app.user_id', $user, true))` sets the caller for that statement alone, as
 * organizationAsCaller does for organization_access. It answers only when the argument is the
 * statement's caller, so naming another user returns nothing. PL/pgSQL, so it is never inlined and
 * the argument always comes first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ result: string }>`
    select pg_get_function_result('app.user_overview()'::regprocedure) as result
  `.execute(db);
  const result = rows[0]?.result;
  if (!result) throw new Error("app.user_overview() is missing");
  await sql`
    create function app.user_overview_as(p_caller uuid) returns ${sql.raw(result)}
      language plpgsql stable
      set search_path = pg_catalog, pg_temp
      as $$
      begin
        if p_caller is null or p_caller is distinct from app.current_user_id() then
          return;
        end if;
        return query select * from app.user_overview();
      end
      $$;
    revoke execute on function app.user_overview_as(uuid) from public;
    grant execute on function app.user_overview_as(uuid) to cauldron_app;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function app.user_overview_as(uuid)`.execute(db);
}
