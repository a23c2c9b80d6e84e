import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { RequestActivityTotals } from "./request-activity-totals";

const pairKey = (userId: string, organizationId: string | null) => `${userId}|${organizationId ?? ""}`;

/**
 * The totals whose user still exists, each kept in its organization only where the user is a
 * member: a request may name any organization, and naming one proves nothing. Activity the user
 * claimed elsewhere stays theirs, at the platform level, where only the system role sees it.
 */
export async function whereCallersBelong(
  trx: Transaction<Database>,
  totals: RequestActivityTotals[],
): Promise<RequestActivityTotals[]> {
  if (totals.length === 0) return [];
  const pairs = new Map(totals.map((row) => [pairKey(row.userId, row.organizationId), row]));
  const wanted = JSON.stringify(
    [...pairs.values()].map((row) => ({ user_id: row.userId, organization_id: row.organizationId })),
  );
  const { rows } = await sql<{ user_id: string; organization_id: string | null; known: boolean; member: boolean }>`
    select k.user_id, k.organization_id,
      exists (select from public.users u where u.id = k.user_id) as known,
      exists (
        select from public.organization_users m where m.user_id = k.user_id and m.organization_id = k.organization_id
      ) as member
    from jsonb_to_recordset(${wanted}::jsonb) as k(user_id uuid, organization_id uuid)
  `.execute(trx);
  const verdicts = new Map(rows.map((row) => [pairKey(row.user_id, row.organization_id), row]));
  return totals.flatMap((row) => {
    const verdict = verdicts.get(pairKey(row.userId, row.organizationId));
    if (!verdict?.known) return [];
    return [verdict.member || row.organizationId === null ? row : { ...row, organizationId: null }];
  });
}
