import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { jsonObjectSchema } from "../common/json-object";
import { pageInputSchema, pageSchema } from "../common/page";

/*
 * lore.entityTypes / entities / relationshipTypes / relationships / graph: the knowledge graph.
 * Every id a caller cannot see (another organization's, or one hidden by team access) is answered
 * like an unknown one.
 */

function boundedName(max: number, label = "name") {
  return z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);
}

function idList(max: number, label: string) {
  return z
    .array(idSchema)
    .min(1, `give at least one ${label}`)
    .max(max, `give at most ${max} ${label}s`)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, `${label}s must not repeat`);
}

const descriptionSchema = z.string().trim().max(2_000, "description must be at most 2000 characters");
const propertiesSchema = jsonObjectSchema({ maxBytes: 32_000, maxDepth: 16 }, "properties");
const storedObjectSchema = z.record(z.string(), z.unknown());
const countSchema = z.number().int().nonnegative();

/** The refinement of an update input: it must change at least one of `fields`. */
function changesOneOf(fields: readonly string[]) {
  return [
    (input: Record<string, unknown>) => fields.some((field) => input[field] !== undefined),
    `give at least one of ${fields.join(", ")} to change`,
  ] as const;
}

/** Input naming one entity type, entity, relationship type or relationship. */
export const graphIdInputSchema = z.object({ id: idSchema }).strict();

/** What a delete answers: the id that is gone. */
export const deletedGraphRowSchema = z.object({ id: z.string() });

// Entity types

const entityTypeSchemaSchema = jsonObjectSchema({ maxBytes: 64_000, maxDepth: 32 }, "schema");

export const createEntityTypeInputSchema = z
  .object({
    name: boundedName(120),
    description: descriptionSchema.optional(),
    /** Describes the properties entities of the type carry, for clients; stored as given. */
    schema: entityTypeSchemaSchema.default({}),
  })
  .strict();

export const updateEntityTypeInputSchema = z
  .object({
    id: idSchema,
    name: boundedName(120).optional(),
    description: descriptionSchema.nullable().optional(),
    schema: entityTypeSchemaSchema.optional(),
  })
  .strict()
  .refine(...changesOneOf(["name", "description", "schema"]));

export const listEntityTypesInputSchema = pageInputSchema.strict();

export const entityTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  schema: storedObjectSchema,
  /** Entities of the type the caller can see. */
  entityCount: countSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type EntityType = z.infer<typeof entityTypeSchema>;
export const entityTypePageSchema = pageSchema(entityTypeSchema);

// Entities

export const geoPointSchema = z
  .object({
    latitude: z.number().min(-90, "latitude must be at least -90").max(90, "latitude must be at most 90"),
    longitude: z.number().min(-180, "longitude must be at least -180").max(180, "longitude must be at most 180"),
  })
  .strict();
export type GeoPoint = z.infer<typeof geoPointSchema>;

const aliasesSchema = z.array(boundedName(200, "alias")).max(100, "give at most 100 aliases");
const entityNameSchema = boundedName(200);

export const createEntityInputSchema = z
  .object({
    typeId: idSchema,
    name: entityNameSchema,
    aliases: aliasesSchema.default([]),
    description: descriptionSchema.optional(),
    properties: propertiesSchema.default({}),
    location: geoPointSchema.optional(),
  })
  .strict();

export const updateEntityInputSchema = z
  .object({
    id: idSchema,
    name: entityNameSchema.optional(),
    aliases: aliasesSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    properties: propertiesSchema.optional(),
    /** null removes the location. */
    location: geoPointSchema.nullable().optional(),
  })
  .strict()
  .refine(...changesOneOf(["name", "aliases", "description", "properties", "location"]));

export const listEntitiesInputSchema = pageInputSchema
  .extend({
    /** Matches names by trigram similarity (best first) and aliases by their normalized form. */
    text: z.string().trim().min(1, "text must not be empty").max(200, "text must be at most 200 characters").optional(),
    typeId: idSchema.optional(),
    /** Entities within `radiusMeters` of the point; nearest first when there is no `text`. */
    near: geoPointSchema
      .extend({
        radiusMeters: z
          .number()
          .positive("radiusMeters must be positive")
          .max(20_100_000, "radiusMeters must be at most 20100000"),
      })
      .strict()
      .optional(),
  })
  .strict();

export const entitySchema = z.object({
  id: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  name: z.string(),
  /** The form under which the name is unique within its type. */
  canonicalName: z.string(),
  aliases: z.array(z.string()),
  description: z.string().nullable(),
  properties: storedObjectSchema,
  location: geoPointSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Entity = z.infer<typeof entitySchema>;

export const entityDocumentSchema = z.object({ id: z.string(), title: z.string(), mentionCount: countSchema });

export const entityDetailSchema = entitySchema.extend({
  /** Mentions in documents the caller can see. */
  mentionCount: countSchema,
  /** The documents the caller can see that the entity appears in, most mentions first (at most 100). */
  documents: z.array(entityDocumentSchema),
});
export type EntityDetail = z.infer<typeof entityDetailSchema>;

export const entityListItemSchema = entitySchema.extend({
  /** Trigram similarity of the name to `text`, when searching by text. */
  similarity: z.number().nullable(),
  /** Distance from the `near` point, when searching near one. */
  distanceMeters: z.number().nullable(),
});
export type EntityListItem = z.infer<typeof entityListItemSchema>;
export const entityPageSchema = pageSchema(entityListItemSchema);

export const findDuplicateEntitiesInputSchema = z
  .object({
    typeId: idSchema.optional(),
    /** The least trigram similarity of two names to count as candidates. */
    threshold: z.number().min(0.1, "threshold must be at least 0.1").max(1, "threshold must be at most 1").default(0.6),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

const entityReferenceSchema = z.object({ id: z.string(), name: z.string() });
export const duplicateEntityPairSchema = z.object({
  typeId: z.string(),
  typeName: z.string(),
  similarity: z.number(),
  first: entityReferenceSchema,
  second: entityReferenceSchema,
});
export const duplicateEntitiesSchema = z.object({ pairs: z.array(duplicateEntityPairSchema) });

export const mergeEntitiesInputSchema = z
  .object({ sourceEntityIds: idList(50, "source entity id"), targetEntityId: idSchema })
  .strict()
  .refine((input) => !input.sourceEntityIds.some((id) => id.toLowerCase() === input.targetEntityId.toLowerCase()), {
    message: "the target entity cannot also be a source",
    path: ["sourceEntityIds"],
  });

export const mergedEntitiesSchema = z.object({
  entity: entityDetailSchema,
  mergedEntityIds: z.array(z.string()),
  /** Relationships of the sources now attached to the target. */
  movedRelationships: countSchema,
  /** Relationships removed as self loops or as duplicates of one the target keeps. */
  droppedRelationships: countSchema,
});

// Relationship types

export const createRelationshipTypeInputSchema = z
  .object({
    name: boundedName(120),
    /** The relationship read from its target, e.g. "employs" for "works for". */
    inverseName: boundedName(120, "inverseName").optional(),
    /** An undirected type's relationships are followed both ways by graph.path. */
    directed: z.boolean().default(true),
    description: descriptionSchema.optional(),
  })
  .strict();

export const updateRelationshipTypeInputSchema = z
  .object({
    id: idSchema,
    name: boundedName(120).optional(),
    inverseName: boundedName(120, "inverseName").nullable().optional(),
    directed: z.boolean().optional(),
    description: descriptionSchema.nullable().optional(),
  })
  .strict()
  .refine(...changesOneOf(["name", "inverseName", "directed", "description"]));

export const listRelationshipTypesInputSchema = pageInputSchema.strict();

export const relationshipTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  inverseName: z.string().nullable(),
  directed: z.boolean(),
  description: z.string().nullable(),
  /** Relationships of the type the caller can see. */
  relationshipCount: countSchema,
  createdAt: z.date(),
});
export type RelationshipType = z.infer<typeof relationshipTypeSchema>;
export const relationshipTypePageSchema = pageSchema(relationshipTypeSchema);

// Relationships

/** The cost of following a relationship in graph.path. */
const weightSchema = z.number().min(0, "weight must not be negative").max(1e12, "weight must be at most 1e12");
const confidenceSchema = z.number().min(0, "confidence must be at least 0").max(1, "confidence must be at most 1");

export const createRelationshipInputSchema = z
  .object({
    sourceEntityId: idSchema,
    targetEntityId: idSchema,
    typeId: idSchema,
    weight: weightSchema.default(1),
    confidence: confidenceSchema.default(1),
    properties: propertiesSchema.default({}),
    /** The chunk of a document that states the relationship. */
    evidenceChunkId: idSchema.optional(),
  })
  .strict()
  .refine((input) => input.sourceEntityId.toLowerCase() !== input.targetEntityId.toLowerCase(), {
    message: "a relationship joins two different entities",
    path: ["targetEntityId"],
  });

export const updateRelationshipInputSchema = z
  .object({
    id: idSchema,
    weight: weightSchema.optional(),
    confidence: confidenceSchema.optional(),
    properties: propertiesSchema.optional(),
  })
  .strict()
  .refine(...changesOneOf(["weight", "confidence", "properties"]));

/** Which relationships of an entity: those leaving it, those reaching it, or both. */
export const relationshipDirectionSchema = z.enum(["out", "in", "both"], {
  error: "direction must be out, in or both",
});
export type RelationshipDirection = z.infer<typeof relationshipDirectionSchema>;

export const listRelationshipsInputSchema = pageInputSchema
  .extend({
    entityId: idSchema.optional(),
    typeId: idSchema.optional(),
    /** Applies with `entityId`. */
    direction: relationshipDirectionSchema.default("both"),
  })
  .strict();

export const relationshipSchema = z.object({
  id: z.string(),
  sourceEntityId: z.string(),
  targetEntityId: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  weight: z.number(),
  confidence: z.number(),
  properties: storedObjectSchema,
  evidenceChunkId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Relationship = z.infer<typeof relationshipSchema>;
export const relationshipPageSchema = pageSchema(relationshipSchema);

// Graph

export const neighborsInputSchema = z
  .object({
    entityId: idSchema,
    depth: z.number().int().min(1, "depth must be at least 1").max(4, "depth must be at most 4").default(1),
    direction: relationshipDirectionSchema.default("both"),
    relationshipTypeIds: idList(50, "relationship type id").optional(),
    /** Only entities of these types are reached (the starting entity is always included). */
    entityTypeIds: idList(50, "entity type id").optional(),
    /** Most entities to answer, the starting one included. */
    limit: z.number().int().min(1).max(500, "limit must be at most 500").default(100),
  })
  .strict();

export const graphNodeSchema = z.object({ id: z.string(), name: z.string(), typeId: z.string(), depth: countSchema });
export const graphEdgeSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  targetId: z.string(),
  typeId: z.string(),
  weight: z.number(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export const neighborhoodSchema = z.object({ nodes: z.array(graphNodeSchema), edges: z.array(graphEdgeSchema) });

export const pathInputSchema = z
  .object({
    fromEntityId: idSchema,
    toEntityId: idSchema,
    relationshipTypeIds: idList(50, "relationship type id").optional(),
    /** Follow relationships only from source to target (undirected types both ways). */
    directed: z.boolean().default(true),
  })
  .strict();

export const graphPathSchema = z.object({
  found: z.boolean(),
  /** The sum of the weights along the path; null when there is none. */
  totalCost: z.number().nullable(),
  steps: z.array(
    z.object({
      entity: z.object({ id: z.string(), name: z.string(), typeId: z.string() }),
      /** The relationship that led here from the previous step; null on the first. */
      viaRelationship: graphEdgeSchema.nullable(),
    }),
  ),
});
export type GraphPath = z.infer<typeof graphPathSchema>;

export const subgraphInputSchema = z
  .object({
    /** Where to start; every entity (of `entityTypeIds`) when omitted. */
    entityIds: idList(100, "entity id").optional(),
    entityTypeIds: idList(50, "entity type id").optional(),
    relationshipTypeIds: idList(50, "relationship type id").optional(),
    /** How many relationships away from `entityIds` to reach, both ways. */
    depth: z.number().int().min(0, "depth must be at least 0").max(3, "depth must be at most 3").default(1),
    /** Most nodes, and most edges, to answer. */
    limit: z.number().int().min(1).max(2_000, "limit must be at most 2000").default(500),
  })
  .strict();

export const subgraphSchema = z.object({
  nodes: z.array(
    entitySchema
      .pick({ id: true, name: true, typeId: true, typeName: true, aliases: true, properties: true, location: true })
      .extend({ depth: countSchema }),
  ),
  edges: z.array(
    graphEdgeSchema.extend({ typeName: z.string(), confidence: z.number(), properties: storedObjectSchema }),
  ),
  /** True when `limit` cut nodes or edges off. */
  truncated: z.boolean(),
});
export type Subgraph = z.infer<typeof subgraphSchema>;
