import type { LoreSearchFilters } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { documentFilterSql } from "./document-filter-sql";

/** A document whose title resembles the query, with the start of its text. */
export interface TitleMatch {
  documentId: string;
  title: string;
  version: number;
  /** Trigram similarity of title and query, 0..1. */
  score: number;
  opening: string;
}

/** How much of a document's text comes back to make its excerpt from. */
const OPENING_CHARACTERS = 400;

/**
 * Documents whose title is trigram-similar to `text` (pg_trgm's `%`, served by the title's trigram
 * index), most similar first, under the caller's RLS.
 */
export async function rankDocumentsByTitle(
  trx: Transaction<Database>,
  request: { text: string; filters: LoreSearchFilters; limit: number },
): Promise<TitleMatch[]> {
  const { rows } = await sql<TitleMatch>`
    select d.id as "documentId", d.title, d.current_version as version,
      similarity(d.title, ${request.text}) as score, left(d.content, ${OPENING_CHARACTERS}) as opening
    from lore.documents d
    where d.title % ${request.text} and ${documentFilterSql(request.filters)}
    order by score desc, d.id
    limit ${request.limit}
  `.execute(trx);
  return rows;
}
