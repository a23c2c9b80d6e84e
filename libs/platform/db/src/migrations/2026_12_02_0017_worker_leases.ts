import { type Kysely, sql } from "kysely";

/*
 * What the services' background workers need from the database:
 * - integration.job_leases: one row per leader-elected job. The leader holds a lease that expires
 *   unless renewed; a lease row (rather than a session advisory lock) works through transaction-mode
 *   poolers, survives a connection drop without a false failover, and its fencing token grows on
 *   every change of holder, so a deposed leader's late writes can be told apart. It also records
 *   when the job last ran, so a new leader keeps the job's period instead of running it at once.
 *   Only the system role reads or writes it.
 * - A statement-level trigger that notifies `integration_outbox` when rows are appended to the
 *   outbox, so relays wake on commit instead of polling (pg_notify is delivered only on commit).
 * - Indexes the pruning job deletes by: relayed outbox rows and processed-event records, by age.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table integration.job_leases (
      job text primary key,
      holder text not null,
      fencing_token bigint not null,
      expires_at timestamptz not null,
      last_run_at timestamptz
    );
    alter table integration.job_leases enable row level security;
    alter table integration.job_leases force row level security;
    grant select, insert, update, delete on integration.job_leases to cauldron_system;

    create function integration.notify_outbox_appended() returns trigger
      language plpgsql
      set search_path = pg_catalog, pg_temp
      as $$
      begin
        perform pg_notify('integration_outbox', '');
        return null;
      end
      $$;
    create trigger outbox_appended after insert on integration.outbox
      for each statement execute function integration.notify_outbox_appended();

    create index outbox_published_at_idx on integration.outbox (published_at) where published_at is not null;
    create index processed_events_processed_at_idx on integration.processed_events (processed_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index integration.processed_events_processed_at_idx;
    drop index integration.outbox_published_at_idx;
    drop trigger outbox_appended on integration.outbox;
    drop function integration.notify_outbox_appended();
    drop table integration.job_leases;
  `.execute(db);
}
