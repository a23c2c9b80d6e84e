import type { AdminUser, Page } from "@cauldron/contracts";
import { containsPattern, decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** One page of users, newest first, optionally matching a search of email or display name. */
export async function listUsers(
  trx: Transaction<Database>,
  input: { search?: string; limit: number; cursor?: string },
): Promise<Page<AdminUser>> {
  const before = decodeTimeCursor(input.cursor);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await trx
    .selectFrom("users")
    .select([
      "id",
      "email",
      "display_name",
      "email_verified_at",
      "mfa_enabled_at",
      "disabled_at",
      "last_login_at",
      "created_at",
    ])
    .select(preciseTime("created_at").as("created_key"))
    .$if(pattern !== null, (query) =>
      query.where((eb) =>
        eb.or([eb(sql`lower(email)`, "like", pattern), eb(sql`lower(coalesce(display_name, ''))`, "like", pattern)]),
      ),
    )
    .where(pastTimeKey({ time: "created_at", id: "id" }, before, "before"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    (row) => ({
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      emailConfirmed: row.email_verified_at !== null,
      mfaEnabled: row.mfa_enabled_at !== null,
      disabledAt: row.disabled_at,
      lastLoginAt: row.last_login_at,
      createdAt: row.created_at,
    }),
    (row) => ({ at: row.created_key, id: row.id }),
  );
}
