import type { LoreSearchFilters } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { CHUNKS_OF_CURRENT_VERSIONS, CURRENT_CHUNK_COLUMNS, type CurrentChunk } from "./current-chunks";
import { documentFilterSql } from "./document-filter-sql";
import type { QuestionNameKeys } from "./question-name-keys";

/** An entity a passage mentions: named in the question, or related to one that is (by `relatedTo`, `by`). */
export interface MentionedEntity {
  entity: string;
  relatedTo: string | null;
  by: string | null;
}

/** A passage of a current version mentioning entities of the question or their neighbours. */
export interface GraphMatch extends CurrentChunk {
  /** Distinct entities named in the question that it mentions. */
  namedCount: number;
  /** Distinct neighbours of those entities that it mentions. */
  relatedCount: number;
  mentioned: MentionedEntity[];
}

/** Trigram similarity a name needs to count as named by a phrase it does not match exactly. */
const NEAR_MISS_SIMILARITY = 0.5;
/** Most entities taken as named by one question, and most neighbours followed from them. */
const MOST_NAMED = 50;
const MOST_RELATED = 500;

/** How a passage ranks by its mentions: each named entity counts one, each neighbour half. */
export function graphMatchScore(match: Pick<GraphMatch, "namedCount" | "relatedCount">): number {
  return match.namedCount + match.relatedCount / 2;
}

/**
 * Passages that mention the entities a question names (by canonical name, alias key or a near
 * miss of the name) or their neighbours one relationship away in either direction, ranked by how
 * many distinct ones they mention. One statement under the caller's RLS: entities, relationships
 * and mentions of documents the caller may not see take no part.
 */
export async function rankChunksByEntities(
  trx: Transaction<Database>,
  request: { organizationId: string; names: QuestionNameKeys; filters: LoreSearchFilters; limit: number },
): Promise<GraphMatch[]> {
  const { keys, probes } = request.names;
  if (keys.length === 0) return [];
  const { rows } = await sql<GraphMatch>`
    with named as (
      select e.id, e.name from lore.entities e
      where e.organization_id = ${request.organizationId}
        and (e.canonical_name = any(${keys}::text[]) or lore.name_keys(e.aliases) && ${keys}::text[])
      union
      select e.id, e.name
      from unnest(${probes}::text[]) as p(probe)
      join lore.entities e on e.name % p.probe and similarity(e.name, p.probe) >= ${NEAR_MISS_SIMILARITY}
      where e.organization_id = ${request.organizationId}
      limit ${MOST_NAMED}
    ),
    related as (
      select neighbour.entity_id, n.name as related_to, t.name as via
      from named n
      cross join lateral (
        select r.target_entity_id as entity_id, r.type_id from lore.relationships r where r.source_entity_id = n.id
        union all
        select r.source_entity_id, r.type_id from lore.relationships r where r.target_entity_id = n.id
      ) as neighbour
      join lore.relationship_types t on t.id = neighbour.type_id
      where neighbour.entity_id not in (select id from named)
      limit ${MOST_RELATED}
    ),
    mentions as (
      select m.chunk_id, m.entity_id, n.name as entity, null::text as related_to, null::text as via, true as named
      from named n join lore.entity_mentions m on m.entity_id = n.id
      where m.chunk_id is not null
      union all
      select m.chunk_id, m.entity_id, e.name, r.related_to, r.via, false
      from related r
      join lore.entities e on e.id = r.entity_id
      join lore.entity_mentions m on m.entity_id = r.entity_id
      where m.chunk_id is not null
    ),
    scored as (
      select chunk_id,
        (count(distinct entity_id) filter (where named))::int as "namedCount",
        (count(distinct entity_id) filter (where not named))::int as "relatedCount",
        jsonb_agg(distinct jsonb_build_object('entity', entity, 'relatedTo', related_to, 'by', via)) as mentioned
      from mentions
      group by chunk_id
    )
    select ${CURRENT_CHUNK_COLUMNS}, s."namedCount", s."relatedCount", s.mentioned
    from scored s
    join ${CHUNKS_OF_CURRENT_VERSIONS} on c.id = s.chunk_id
    where ${documentFilterSql(request.filters)}
    order by s."namedCount" + s."relatedCount" / 2.0 desc, s."namedCount" desc, d.title, c.document_id, c.chunk_index
    limit ${request.limit}
  `.execute(trx);
  return rows;
}
