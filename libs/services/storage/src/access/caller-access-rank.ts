import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** What each access level lets its holder do, as the database ranks them. */
export const ACCESS_RANK = { read: 1, write: 2, delete: 3, admin: 4 } as const;

/**
 * The caller's rank on a bucket, or on one of its objects when given (0 to 4, see ACCESS_RANK),
 * as the database's access policies compute it: role, ownership, the bucket's default and grants.
 */
export async function callerAccessRank(
  trx: Transaction<Database>,
  bucketId: string,
  object?: { id: string; owner: string | null },
): Promise<number> {
  const { rows } = await sql<{ rank: number }>`
    select storage.caller_access_rank(${bucketId}, ${object?.id ?? null}::uuid, ${object?.owner ?? null}::uuid) as rank
  `.execute(trx);
  return rows[0]?.rank ?? 0;
}
