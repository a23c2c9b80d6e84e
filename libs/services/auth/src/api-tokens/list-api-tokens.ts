import type { ApiTokenView, Page, PageInput } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { toApiTokenView } from "./api-token-view";

/** A user's API tokens, newest first, a page at a time (revoked and expired ones included). */
export async function listApiTokens(
  trx: Transaction<Database>,
  userId: string,
  input: PageInput,
): Promise<Page<ApiTokenView>> {
  const before = decodeTimeCursor(input.cursor);
  const rows = await trx
    .selectFrom("api_tokens")
    .selectAll()
    .select(preciseTime("created_at").as("created_key"))
    .where("user_id", "=", userId)
    .where(pastTimeKey({ time: "created_at", id: "id" }, before, "before"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toApiTokenView, (row) => ({ at: row.created_key, id: row.id }));
}
