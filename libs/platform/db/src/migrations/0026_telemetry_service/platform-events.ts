import { type Kysely, sql } from "kysely";

/**
 * Every domain event lands in timeseries.events, including those that belong to no organization
 * (sign-ups, sign-ins) and sign-in activity in user_activity: organization_id becomes nullable in
 * both. The existing policies already make such rows the system role's alone: their USING clause
 * never matches a null organization and their CHECK refuses one. event_id makes the events
 * consumer's inserts idempotent, so a redelivered event is stored once.
 */
export async function openPlatformEvents(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table timeseries.events alter column organization_id drop not null, add column event_id uuid;
    create unique index events_event_id_idx on timeseries.events (event_id, time);
    alter table timeseries.user_activity alter column organization_id drop not null;
  `.execute(db);
}

/** Reverses openPlatformEvents; rows without an organization are dropped first. */
export async function closePlatformEvents(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from timeseries.events where organization_id is null;
    delete from timeseries.user_activity where organization_id is null;
    drop index timeseries.events_event_id_idx;
    alter table timeseries.events drop column event_id, alter column organization_id set not null;
    alter table timeseries.user_activity alter column organization_id set not null;
  `.execute(db);
}
