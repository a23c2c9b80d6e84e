import { z } from "zod";
import { canonicalName } from "../graph/canonical-name";
import { MAX_ENTITY_NAME_LENGTH, type ExtractedMention, type ExtractedRelation, type Extraction } from "./extracted";
import { graphTypeName } from "./graph-type-name";
import { locateName } from "./locate-names";

/** How sure a chat model's reading is taken to be: better than word shapes, below a known entity. */
export const CHAT_CONFIDENCE = 0.8;

const MAX_ENTITIES = 200;
const MAX_RELATIONSHIPS = 200;
const MAX_ALIASES = 10;
const MAX_OCCURRENCES_PER_NAME = 50;

// Text a model may send back: bounded, and without the NUL that Postgres text refuses.
const answerText = z
  .string()
  .trim()
  .min(1)
  .max(MAX_ENTITY_NAME_LENGTH)
  .refine((text) => !text.includes("\u0000"));

const answeredEntity = z.object({
  name: answerText,
  type: answerText,
  aliases: z.array(z.unknown()).optional(),
});

const answeredRelationship = z.object({ source: answerText, target: answerText, type: answerText });

/**
 * The shape the model is asked for. Items are checked one by one afterwards, so one malformed
 * entity costs only itself; an answer without these lists is not an answer.
 */
export const chatAnswerSchema = z.object({
  entities: z.array(z.unknown()).default([]),
  relationships: z.array(z.unknown()).default([]),
});

export type ChatAnswer = z.output<typeof chatAnswerSchema>;

interface NamedEntity {
  name: string;
  typeName: string;
  names: string[];
}

function entitiesOf(answer: ChatAnswer): NamedEntity[] {
  const entities: NamedEntity[] = [];
  for (const item of answer.entities.slice(0, MAX_ENTITIES)) {
    const parsed = answeredEntity.safeParse(item);
    if (!parsed.success) continue;
    const typeName = graphTypeName(parsed.data.type);
    if (!typeName || canonicalName(parsed.data.name) === "") continue;
    const aliases = (parsed.data.aliases ?? []).slice(0, MAX_ALIASES).flatMap((alias) => {
      const valid = answerText.safeParse(alias);
      return valid.success && canonicalName(valid.data) !== "" ? [valid.data] : [];
    });
    entities.push({ name: parsed.data.name, typeName, names: [...new Set([parsed.data.name, ...aliases])] });
  }
  return entities;
}

function mentionsOf(text: string, entities: readonly NamedEntity[]): ExtractedMention[] {
  return entities.flatMap((entity) =>
    entity.names.flatMap((name) =>
      locateName(text, name, MAX_OCCURRENCES_PER_NAME).map(({ start, end }) => ({
        start,
        end,
        text: text.slice(start, end),
        typeName: entity.typeName,
        name: entity.name,
        confidence: CHAT_CONFIDENCE,
      })),
    ),
  );
}

function relationsOf(answer: ChatAnswer, entities: readonly NamedEntity[]): ExtractedRelation[] {
  const byName = new Map<string, NamedEntity>();
  for (const entity of entities) {
    for (const name of entity.names) {
      if (!byName.has(canonicalName(name))) byName.set(canonicalName(name), entity);
    }
  }
  const relations = new Map<string, ExtractedRelation>();
  for (const item of answer.relationships.slice(0, MAX_RELATIONSHIPS)) {
    const parsed = answeredRelationship.safeParse(item);
    if (!parsed.success) continue;
    const source = byName.get(canonicalName(parsed.data.source));
    const target = byName.get(canonicalName(parsed.data.target));
    const typeName = graphTypeName(parsed.data.type);
    if (!source || !target || !typeName || source === target) continue;
    const key = [source.typeName, canonicalName(source.name), target.typeName, canonicalName(target.name), typeName];
    relations.set(key.join("\u0000"), {
      sourceName: source.name,
      sourceType: source.typeName,
      targetName: target.name,
      targetType: target.typeName,
      typeName,
      confidence: CHAT_CONFIDENCE,
    });
  }
  return [...relations.values()];
}

/**
 * What a model's answer says about `text`: a mention wherever an entity's name or alias occurs in
 * it as whole words, and relationships between entities the answer lists. Names the text does
 * not contain yield no mention.
 */
export function extractionFromAnswer(text: string, answer: ChatAnswer): Extraction {
  const entities = entitiesOf(answer);
  return { mentions: mentionsOf(text, entities), relations: relationsOf(answer, entities) };
}
