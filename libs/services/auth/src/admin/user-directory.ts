import type { AdminUser } from "@cauldron/contracts";
import { containsPattern, type Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";

interface Cursor {
  createdAt: string;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (typeof parsed.createdAt === "string" && typeof parsed.id === "string" && uuid.test(parsed.id)) {
      return { createdAt: parsed.createdAt, id: parsed.id };
    }
  } catch {
    // fall through to the error below
  }
  throw new TRPCError({ code: "BAD_REQUEST", message: "The cursor is not one this list returned" });
}

/** One page of users, newest first, optionally matching a search of email or display name. */
export async function listUsers(
  trx: Transaction<Database>,
  input: { search?: string; limit: number; cursor?: string },
): Promise<{ items: AdminUser[]; nextCursor: string | null }> {
  let query = trx
    .selectFrom("users")
    .select(["id", "email", "display_name", "email_verified_at", "mfa_enabled_at", "disabled_at", "last_login_at", "created_at"])
    // Microsecond precision, which a JavaScript Date would lose, keeps the cursor exact.
    .select(sql<string>`created_at::text`.as("created_key"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1);
  if (input.search) {
    const pattern = containsPattern(input.search);
    query = query.where((eb) =>
      eb.or([eb(sql`lower(email)`, "like", pattern), eb(sql`lower(coalesce(display_name, ''))`, "like", pattern)]),
    );
  }
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    query = query.where(sql<boolean>`(created_at, id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      emailConfirmed: row.email_verified_at !== null,
      mfaEnabled: row.mfa_enabled_at !== null,
      disabledAt: row.disabled_at,
      lastLoginAt: row.last_login_at,
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.created_key, id: last.id }) : null,
  };
}
