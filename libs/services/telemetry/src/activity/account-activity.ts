import { isIP } from "node:net";
import type { Database } from "@cauldron/db";
import type { AnyDomainEvent } from "@cauldron/events";
import type { Transaction } from "kysely";

/** A sign-in or sign-up as a user_activity row. */
export interface AccountActivity {
  time: Date;
  userId: string;
  organizationId: string | null;
  activityType: "sign_in" | "sign_up";
  details: Record<string, string>;
  ipAddress: string | null;
  userAgent: string | null;
}

// The column is inet: anything else than an address would fail the row, and with it the batch.
function addressOrNull(address: string | null | undefined): string | null {
  return address && isIP(address) !== 0 ? address : null;
}

/**
 * The activity an auth event stands for, or null when it stands for none. Sign-ins belong to no
 * organization; a sign-up does when it accepted an invitation. The client's address and user
 * agent come with the event (events published before they did leave them empty); session ids and
 * tokens are never copied.
 */
export function accountActivityOf(event: AnyDomainEvent): AccountActivity | null {
  const time = new Date(event.occurredAt);
  switch (event.type) {
    case "user.signed_in":
      return {
        time,
        userId: event.payload.userId,
        organizationId: event.organizationId,
        activityType: "sign_in",
        details: { aal: event.payload.aal },
        ipAddress: addressOrNull(event.payload.ipAddress),
        userAgent: event.payload.userAgent ?? null,
      };
    case "user.signed_up":
      return {
        time,
        userId: event.payload.userId,
        organizationId: event.organizationId ?? event.payload.organizationId,
        activityType: "sign_up",
        details: {},
        ipAddress: addressOrNull(event.payload.ipAddress),
        userAgent: event.payload.userAgent ?? null,
      };
    default:
      return null;
  }
}

/**
 * Stores an account activity as the system role, unless its user has been deleted since (the row
 * would go with the user anyway); an organization deleted since leaves a platform-level row.
 */
export async function recordAccountActivity(trx: Transaction<Database>, activity: AccountActivity): Promise<void> {
  const user = await trx.selectFrom("users").select("id").where("id", "=", activity.userId).executeTakeFirst();
  if (!user) return;
  const { organizationId } = activity;
  await trx
    .insertInto("timeseries.user_activity")
    .values(({ selectFrom }) => ({
      time: activity.time,
      user_id: user.id,
      organization_id: organizationId
        ? selectFrom("organizations").select("id").where("id", "=", organizationId)
        : null,
      activity_type: activity.activityType,
      details: JSON.stringify(activity.details),
      ip_address: activity.ipAddress,
      user_agent: activity.userAgent,
    }))
    .execute();
}
