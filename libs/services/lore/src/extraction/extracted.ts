/** Longest entity name worth recording, in UTF-16 code units. */
export const MAX_ENTITY_NAME_LENGTH = 200;

/** One place in a text where an extractor saw an entity. */
export interface ExtractedMention {
  /** Offsets in UTF-16 code units into the text given to the extractor: `text === input.slice(start, end)`. */
  start: number;
  end: number;
  /** The words as written in the text. */
  text: string;
  /** The entity type's name, e.g. "person". */
  typeName: string;
  /** The entity's name; the entity is identified by its type and the canonical form of this name. */
  name: string;
  /** In [0, 1]. */
  confidence: number;
  /** Set when the mention names an entity the organization already has (the gazetteer's matches). */
  entityId?: string;
}

/** A relationship an extractor read between two entities it named. */
export interface ExtractedRelation {
  sourceName: string;
  sourceType: string;
  targetName: string;
  targetType: string;
  /** The relationship type's name, e.g. "works_for". */
  typeName: string;
  confidence: number;
}

/** What one extractor found in one text. */
export interface Extraction {
  mentions: ExtractedMention[];
  relations: ExtractedRelation[];
}

/** Finds entities (and possibly relationships) in a text; implementations must bound their own work. */
export interface EntityExtractor {
  name: string;
  extract(text: string, signal?: AbortSignal): Promise<Extraction>;
}

/** An extraction that found nothing. */
export function emptyExtraction(): Extraction {
  return { mentions: [], relations: [] };
}
