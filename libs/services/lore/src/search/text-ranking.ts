import type { LoreSearchFilters } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type RawBuilder, type SqlBool, type Transaction } from "kysely";
import { CHUNKS_OF_CURRENT_VERSIONS, CURRENT_CHUNK_COLUMNS, type CurrentChunk } from "./current-chunks";
import { documentFilterSql } from "./document-filter-sql";
import { headlineSql, textQuerySql, type WordMatch } from "./text-query-sql";

/** A chunk matching the words, with its cover-density rank and, for the top rows asked for, its excerpt. */
export interface TextMatch extends CurrentChunk {
  score: number;
  /** The excerpt around the matches (markers in text-query-sql.ts); null below the highlighted rows. */
  headline: string | null;
}

export interface TextRankingRequest {
  text: string;
  match: WordMatch;
  filters: LoreSearchFilters;
  limit: number;
  /** Only each document's best chunk, as a search of documents shows them. */
  bestPerDocument: boolean;
  /** How many of the top rows get an excerpt; excerpts cost, so only rows that will be shown. */
  highlight: number;
}

/**
 * Where the matching chunks are looked for: within named documents, their own chunks (few, read by
 * document); otherwise the full-text index's candidates (lore.caller_chunks_matching), since `@@`
 * cannot use the index under RLS. The index reads each word's postings across the whole table,
 * which costs more than a few documents' chunks.
 */
function candidateChunksSql(filters: LoreSearchFilters, query: RawBuilder<string>): RawBuilder<SqlBool> {
  return filters.documentIds
    ? sql<SqlBool>`c.document_id = any(${filters.documentIds}::uuid[])`
    : sql<SqlBool>`c.id = any(array(select lore.caller_chunks_matching(${query})))`;
}

/**
 * Chunks of current versions whose full text matches, best ts_rank_cd first (ties by id), in one
 * statement under the caller's RLS; excerpts are made only for the first `highlight` rows. The
 * cost follows the matches (or the named documents), not the size of the organization.
 */
export async function rankChunksByText(trx: Transaction<Database>, request: TextRankingRequest): Promise<TextMatch[]> {
  const query = textQuerySql(request.text, request.match);
  const { rows } = await sql<TextMatch>`
    with matching as (
      select ${CURRENT_CHUNK_COLUMNS}, ts_rank_cd(c.search, q.query) as score,
        row_number() over (
          partition by c.document_id order by ts_rank_cd(c.search, q.query) desc, c.chunk_index
        ) as place_in_document
      from (select ${query} as query) as q
      join ${CHUNKS_OF_CURRENT_VERSIONS} on c.search @@ q.query
      where ${candidateChunksSql(request.filters, query)} and ${documentFilterSql(request.filters)}
    ),
    top as (
      select *, row_number() over (order by score desc, "chunkId") as position
      from matching
      ${request.bestPerDocument ? sql`where place_in_document = 1` : sql``}
      order by score desc, "chunkId"
      limit ${request.limit}
    )
    select top."chunkId", top."documentId", top.title, top.version, top."chunkIndex", top.start, top."end",
      top."headingPath", top.content, top.score,
      case when top.position <= ${request.highlight} then ${headlineSql(sql`top.content`, sql`q.query`)} end as headline
    from top cross join (select ${query} as query) as q
    order by top.position
  `.execute(trx);
  return rows;
}

/** Excerpts of the given chunks around the matches of `text` (chunk id → excerpt). */
export async function highlightChunks(
  trx: Transaction<Database>,
  chunkIds: readonly string[],
  text: string,
  match: WordMatch,
): Promise<Map<string, string>> {
  if (chunkIds.length === 0) return new Map();
  const { rows } = await sql<{ chunkId: string; headline: string }>`
    select c.id as "chunkId", ${headlineSql(sql`c.content`, sql`q.query`)} as headline
    from lore.document_chunks c cross join (select ${textQuerySql(text, match)} as query) as q
    where c.id = any(${chunkIds}::uuid[])
  `.execute(trx);
  return new Map(rows.map((row) => [row.chunkId, row.headline]));
}
