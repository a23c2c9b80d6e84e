import { type Kysely, sql } from "kysely";

/*
 * Auth service key material and TOTP replay protection.
 * - admin.signing_keys: the keys access tokens are signed with, private halves encrypted with the
 *   auth data key. At most one key signs (retired_at null); retired keys keep verifying until the
 *   tokens they signed have expired, so rotation logs nobody out.
 * - admin.local_secrets: secrets the auth service generates on first start when the environment
 *   provides none (the local stack's data key). Production passes AUTH_ENCRYPTION_KEY instead.
 * - users.mfa_totp_last_step: the last accepted TOTP time step, so a code is accepted only once.
 * Both tables hold secrets: RLS on with no policy, and only cauldron_system is granted them.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin.signing_keys (
      kid text primary key,
      algorithm text not null check (algorithm in ('EdDSA', 'ES256')),
      public_jwk jsonb not null,
      private_jwk_encrypted text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );
    comment on table admin.signing_keys is 'access-token signing keys; the one with retired_at null signs, retired ones verify until their tokens expire';
    create unique index signing_keys_single_active_idx on admin.signing_keys ((true)) where retired_at is null;

    create table admin.local_secrets (
      name text primary key check (name ~ '^[a-z][a-z0-9_]*$'),
      secret text not null,
      created_at timestamptz not null default now()
    );
    comment on table admin.local_secrets is 'secrets generated on first start for the local stack; production takes them from the environment';

    alter table public.users add column mfa_totp_last_step bigint;
    comment on column public.users.mfa_totp_last_step is 'RFC 6238 time step of the last accepted code; codes of that step or earlier are refused';

    alter table admin.signing_keys enable row level security;
    alter table admin.local_secrets enable row level security;
    grant select, insert, update, delete on admin.signing_keys to cauldron_system;
    grant select, insert, update, delete on admin.local_secrets to cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table public.users drop column mfa_totp_last_step;
    drop table admin.local_secrets;
    drop table admin.signing_keys;
  `.execute(db);
}
