import { alertChannelKindSchema, alertSeveritySchema, type AlertChannel, type Page } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import type { Selectable, Transaction } from "kysely";
import type { ChannelDestination } from "./send-notification";

/** The unique key of channel names within an organization. */
export const CHANNEL_NAME_KEY = "alert_channels_organization_id_name_key";

/** The columns a channel shows; never its signing secret. */
export const CHANNEL_COLUMNS = [
  "id",
  "name",
  "kind",
  "email_addresses",
  "webhook_url",
  "min_severity",
  "enabled",
  "created_at",
  "updated_at",
] as const;

type ChannelRow = Pick<Selectable<Database["timeseries.alert_channels"]>, (typeof CHANNEL_COLUMNS)[number]>;

/** A channel row as clients see it. */
export function toAlertChannel(row: ChannelRow): AlertChannel {
  return {
    id: row.id,
    name: row.name,
    kind: alertChannelKindSchema.parse(row.kind),
    emailAddresses: row.email_addresses,
    webhookUrl: row.webhook_url,
    minSeverity: alertSeveritySchema.parse(row.min_severity),
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One channel of the active organization, or undefined. */
export async function loadAlertChannel(trx: Transaction<Database>, id: string): Promise<AlertChannel | undefined> {
  const row = await trx
    .selectFrom("timeseries.alert_channels")
    .select(CHANNEL_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toAlertChannel(row);
}

/** One channel of the active organization with where it sends and its secret, for sending now. */
export async function loadChannelDestination(
  trx: Transaction<Database>,
  id: string,
): Promise<(ChannelDestination & { id: string; name: string }) | undefined> {
  return trx
    .selectFrom("timeseries.alert_channels")
    .select(["id", "name", "kind", "email_addresses", "webhook_url", "signing_secret"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The organization's channels by name, a page at a time, of one kind when asked. */
export async function listAlertChannels(
  trx: Transaction<Database>,
  input: { limit: number; cursor?: string | undefined; kind?: string | undefined },
): Promise<Page<AlertChannel>> {
  const after = decodeNameCursor(input.cursor);
  let query = trx
    .selectFrom("timeseries.alert_channels")
    .select(CHANNEL_COLUMNS)
    .where(pastNameKey({ name: "name", id: "id" }, after));
  if (input.kind !== undefined) query = query.where("kind", "=", input.kind);
  const rows = await query
    .orderBy("name")
    .orderBy("id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toAlertChannel, (row) => ({ name: row.name, id: row.id }));
}
