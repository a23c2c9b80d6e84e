import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { ExtractedMention } from "./extracted";
import { gazetteerPhrases, type GazetteerPhrase } from "./gazetteer-phrases";

/** A gazetteer match names an entity the organization keeps: as sure as a mention gets. */
export const GAZETTEER_CONFIDENCE = 1;

const KEYS_PER_QUERY = 2_000;
const MAX_MATCHED_ENTITIES = 5_000;

/** An entity of the organization that one of the looked-up keys names. */
export interface KnownEntity {
  id: string;
  name: string;
  type_name: string;
  canonical_name: string;
  alias_keys: string[];
}

/**
 * The organization's entities whose canonical name or an alias key is among `keys`, through the
 * (organization_id, canonical_name) and lore.name_keys(aliases) indexes: never the whole list.
 * Entities extraction created are left out: they are guesses, and matching them everywhere with
 * full confidence would spread a wrong guess (a common word taken for a name) to every document;
 * an extractor finding them again still reuses them. Runs in a system transaction, so the
 * organization is filtered here.
 */
export async function findKnownEntities(
  trx: Transaction<Database>,
  organizationId: string,
  keys: readonly string[],
): Promise<KnownEntity[]> {
  const found = new Map<string, KnownEntity>();
  for (let from = 0; from < keys.length && found.size < MAX_MATCHED_ENTITIES; from += KEYS_PER_QUERY) {
    const batch = keys.slice(from, from + KEYS_PER_QUERY);
    const { rows } = await sql<KnownEntity>`
      select e.id, e.name, t.name as type_name, e.canonical_name, lore.name_keys(e.aliases) as alias_keys
      from lore.entities e
      join lore.entity_types t on t.organization_id = e.organization_id and t.id = e.type_id
      where e.organization_id = ${organizationId}
        and (e.canonical_name = any(${batch}::text[]) or lore.name_keys(e.aliases) && ${batch}::text[])
        and (e.properties ->> 'origin') is distinct from 'extraction'
      limit ${MAX_MATCHED_ENTITIES}
    `.execute(trx);
    for (const row of rows) found.set(row.id, row);
  }
  return [...found.values()];
}

/** The mentions of known entities among a text's phrases: one per phrase and entity. */
export function knownEntityMentions(
  text: string,
  phrases: readonly GazetteerPhrase[],
  entities: readonly KnownEntity[],
): ExtractedMention[] {
  const phrasesByKey = new Map<string, GazetteerPhrase[]>();
  for (const phrase of phrases) {
    const same = phrasesByKey.get(phrase.key);
    if (same) same.push(phrase);
    else phrasesByKey.set(phrase.key, [phrase]);
  }
  const mentions = new Map<string, ExtractedMention>();
  for (const entity of entities) {
    for (const key of new Set([entity.canonical_name, ...entity.alias_keys])) {
      for (const { start, end } of phrasesByKey.get(key) ?? []) {
        mentions.set(`${start}:${end}:${entity.id}`, {
          start,
          end,
          text: text.slice(start, end),
          typeName: entity.type_name,
          name: entity.name,
          confidence: GAZETTEER_CONFIDENCE,
          entityId: entity.id,
        });
      }
    }
  }
  return [...mentions.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The organization's known (not extracted) entities and aliases as they occur in `text` (offsets into `text`). */
export async function gazetteerMentions(
  trx: Transaction<Database>,
  organizationId: string,
  text: string,
): Promise<ExtractedMention[]> {
  const { phrases, keys } = gazetteerPhrases(text);
  if (keys.length === 0) return [];
  return knownEntityMentions(text, phrases, await findKnownEntities(trx, organizationId, keys));
}
