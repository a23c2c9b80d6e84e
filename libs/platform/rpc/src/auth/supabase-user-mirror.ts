import { randomUUID } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";
import { recordChange } from "../audit/record-change";

/** What a verified Supabase access token says about its user and session. */
export interface SupabaseIdentity {
  authUserId: string;
  email: string;
  phone: string | null;
  sessionId: string | null;
  aal: "aal1" | "aal2";
  provider: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
}

/** Thrown when a Supabase user cannot be tied to an app user; the request is refused. */
export class SupabaseMappingError extends Error {
  override name = "SupabaseMappingError";
}

/**
 * Returns the app user a Supabase user maps to, mirroring them on first use into auth.users,
 * auth.identities and auth.sessions, creating (or adopting) the app user and the user_mappings row,
 * with an audit row and a `user.signed_up` event in the same transaction.
 */
export async function mirrorSupabaseUser(db: Kysely<Database>, identity: SupabaseIdentity): Promise<string> {
  return withSystem(db, async (trx) => {
    // Two first requests of one user at once must not create two app users.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`supabase:${identity.authUserId}`}, 0))`.execute(trx);
    const mapped = await trx
      .selectFrom("user_mappings")
      .select("app_user_id")
      .where("auth_user_id", "=", identity.authUserId)
      .executeTakeFirst();
    await upsertAuthUser(trx, identity);
    if (mapped) return mapped.app_user_id;
    const appUserId = await adoptOrCreateAppUser(trx, identity);
    await trx
      .insertInto("user_mappings")
      .values({ auth_user_id: identity.authUserId, app_user_id: appUserId })
      .execute();
    const request = {
      principal: {
        kind: "user" as const,
        userId: appUserId,
        sessionId: identity.sessionId ?? identity.authUserId,
        aal: identity.aal,
      },
      requestId: randomUUID(),
      ip: null,
      userAgent: null,
    };
    await recordChange(trx, request, {
      action: "user.supabase_mapped",
      organizationId: null,
      target: { type: "user", id: appUserId },
      metadata: { authUserId: identity.authUserId, provider: identity.provider },
      events: [{ name: "user.signed_up", payload: { userId: appUserId, email: identity.email, organizationId: null } }],
    });
    return appUserId;
  });
}

/** Records a Supabase session the first time a token of it is seen. */
export async function mirrorSupabaseSession(db: Kysely<Database>, identity: SupabaseIdentity): Promise<void> {
  if (!identity.sessionId) return;
  await withSystem(db, (trx) => insertSession(trx, identity));
}

async function upsertAuthUser(trx: Transaction<Database>, identity: SupabaseIdentity): Promise<void> {
  const appMetadata = JSON.stringify(identity.appMetadata);
  const userMetadata = JSON.stringify(identity.userMetadata);
  await sql`
    insert into auth.users (id, aud, role, email, phone, raw_app_meta_data, raw_user_meta_data, last_sign_in_at)
    values (${identity.authUserId}, 'authenticated', 'authenticated', ${identity.email}, ${identity.phone},
            ${appMetadata}::jsonb, ${userMetadata}::jsonb, now())
    on conflict (id) do update set
      email = excluded.email,
      raw_app_meta_data = excluded.raw_app_meta_data,
      raw_user_meta_data = excluded.raw_user_meta_data,
      last_sign_in_at = now()
  `.execute(trx);
  await sql`
    insert into auth.identities (user_id, provider, provider_id, identity_data, last_sign_in_at)
    values (${identity.authUserId}, ${identity.provider}, ${identity.authUserId},
            ${JSON.stringify({ sub: identity.authUserId, email: identity.email })}::jsonb, now())
    on conflict (provider_id, provider) do update set last_sign_in_at = now()
  `.execute(trx);
  await insertSession(trx, identity);
}

async function insertSession(trx: Transaction<Database>, identity: SupabaseIdentity): Promise<void> {
  if (!identity.sessionId) return;
  await sql`
    insert into auth.sessions (id, user_id, aal) values (${identity.sessionId}, ${identity.authUserId}, ${identity.aal})
    on conflict (id) do update set aal = excluded.aal
  `.execute(trx);
}

// An app user with the same email is adopted only when it has no password of its own: otherwise
// whoever controls a Supabase account with that address would take over a local account.
async function adoptOrCreateAppUser(trx: Transaction<Database>, identity: SupabaseIdentity): Promise<string> {
  const existing = await trx
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where(sql`lower(email)`, "=", identity.email.toLowerCase())
    .executeTakeFirst();
  if (existing) {
    if (existing.password_hash !== null) {
      throw new SupabaseMappingError("the email belongs to an account that signs in with a password");
    }
    const alreadyMapped = await trx
      .selectFrom("user_mappings")
      .select("id")
      .where("app_user_id", "=", existing.id)
      .executeTakeFirst();
    if (alreadyMapped) throw new SupabaseMappingError("the email's account is mapped to another Supabase user");
    return existing.id;
  }
  const displayName = stringField(identity.userMetadata, "full_name") ?? stringField(identity.userMetadata, "name");
  const user = await trx
    .insertInto("users")
    .values({ email: identity.email, display_name: displayName })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.insertInto("user_profiles").values({ user_id: user.id, full_name: displayName }).execute();
  return user.id;
}

function stringField(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === "string" && value.length > 0 ? value.slice(0, 200) : null;
}
