import type { Database } from "@cauldron/db";
import { invalidFields } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";

/** What decides which documents the caller sees: their teams in the active organization, and whether they see all. */
export interface CallerDocumentAccess {
  teamIds: readonly string[];
  /** Owners and admins see every document of the organization. */
  seesAll: boolean;
}

/** The caller's document access, as the team-access policies read it in a tenant transaction. */
export async function loadCallerDocumentAccess(trx: Transaction<Database>): Promise<CallerDocumentAccess> {
  const { rows } = await sql<{ team_ids: string[]; sees_all: boolean }>`
    select app.caller_team_ids() as team_ids, app.caller_sees_all_documents() as sees_all
  `.execute(trx);
  const row = rows[0];
  return { teamIds: row?.team_ids ?? [], seesAll: row?.sees_all ?? false };
}

/** Whether a caller with `access` sees a document of `documentTeamIds` (none: the whole organization). */
export function maySeeDocument(access: CallerDocumentAccess, documentTeamIds: readonly string[]): boolean {
  return documentTeamIds.length === 0 || access.seesAll || documentTeamIds.some((id) => access.teamIds.includes(id));
}

/**
 * Refuses teams that would hide the document from the caller making the change, who could then
 * neither read the answer nor undo it: BAD_REQUEST on `teamIds`.
 */
export async function assertTeamsKeepDocumentVisible(
  trx: Transaction<Database>,
  teamIds: readonly string[],
): Promise<void> {
  if (teamIds.length === 0) return;
  if (maySeeDocument(await loadCallerDocumentAccess(trx), teamIds)) return;
  throw invalidFields([
    {
      path: ["teamIds"],
      message:
        "name at least one team you belong to, or none for the whole organization; otherwise you could no longer see the document",
    },
  ]);
}
