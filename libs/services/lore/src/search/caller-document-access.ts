import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** Which restricted documents the caller may see: all of them (owners, admins), or those of their teams. */
export interface CallerDocumentAccess {
  seesAll: boolean;
  teamIds: string[];
}

/** The caller's document access as the team-access policies read it, in one statement. */
export async function loadCallerDocumentAccess(trx: Transaction<Database>): Promise<CallerDocumentAccess> {
  const { rows } = await sql<CallerDocumentAccess>`
    select app.caller_sees_all_documents() as "seesAll", app.caller_team_ids() as "teamIds"
  `.execute(trx);
  return rows[0] ?? { seesAll: false, teamIds: [] };
}
