import { type Kysely, sql } from "kysely";

/*
 * Signing keys get a start of their signing period. A rotated-in key is published at once but
 * signs only from activates_at, so every service that caches the key set learns it before the
 * first token it signed arrives; the key it replaces signs until then (retired_at = activates_at)
 * and keeps verifying until its tokens have expired.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin.signing_keys add column activates_at timestamptz;
    update admin.signing_keys set activates_at = created_at;
    alter table admin.signing_keys
      alter column activates_at set not null,
      alter column activates_at set default now(),
      add constraint signing_keys_signing_period_check check (retired_at is null or retired_at >= activates_at);
    comment on column admin.signing_keys.activates_at is 'the key signs from here until retired_at; it is published from creation';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin.signing_keys drop constraint signing_keys_signing_period_check;
    alter table admin.signing_keys drop column activates_at;
  `.execute(db);
}
