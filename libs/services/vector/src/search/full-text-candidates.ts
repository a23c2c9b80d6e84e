import type { Database } from "@cauldron/db";
import { sql, type SqlBool, type Transaction } from "kysely";
import { inScope, type SearchScope } from "./search-scope";

/**
 * Ids of rows in scope whose content matches `text` as a web-style query (words, "phrases",
 * -exclusions, or), best cover-density rank first; the content_tsv GIN index finds them.
 */
export async function fullTextCandidates(
  trx: Transaction<Database>,
  scope: SearchScope,
  text: string,
  limit: number,
): Promise<string[]> {
  const query = sql`websearch_to_tsquery('english', ${text})`;
  const rows = await trx
    .selectFrom("vector.embeddings as e")
    .select("e.id")
    .where(inScope(scope))
    .where(sql<SqlBool>`e.content_tsv @@ ${query}`)
    .orderBy(sql`ts_rank_cd(e.content_tsv, ${query})`, "desc")
    .orderBy("e.id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
