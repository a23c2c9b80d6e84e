import { type Kysely, sql } from "kysely";

/*
 * Events written in one transaction share occurred_at (now() is the transaction's start), so the
 * relay had only a random id to order them by, and "member added" could reach consumers after
 * "team member added". A position from an identity column keeps the order they were written in.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table integration.outbox add column position bigint generated always as identity;
    drop index integration.outbox_unpublished_idx;
    create index outbox_unpublished_idx on integration.outbox (occurred_at, position) where published_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index integration.outbox_unpublished_idx;
    alter table integration.outbox drop column position;
    create index outbox_unpublished_idx on integration.outbox (occurred_at) where published_at is null;
  `.execute(db);
}
