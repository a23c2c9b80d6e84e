import { z } from "zod";
import { eventId } from "../common/event-fields";
import { idSchema } from "../common/identifiers";
import { jsonObjectSchema } from "../common/json-object";
import { pageInputSchema, pageSchema } from "../common/page";
import { resetMarkerSchema, subscribedMarkerSchema } from "../common/realtime";
import { objectRefSchema, type ObjectRef } from "../storage/names";
import { loreEvents } from "./events";

/**
 * The most text or base64 a request may carry at all; the service's configured limits
 * (LORE_MAX_DOCUMENT_BYTES, LORE_MAX_SOURCE_BYTES) are smaller and checked after this.
 */
export const DOCUMENT_CONTENT_MAX_CHARS = 64_000_000;
export const DOCUMENT_SOURCE_MAX_CHARS = 128_000_000;
/** Most categories, tags or teams one document may name in a call. */
export const DOCUMENT_LINKS_MAX = 100;

export const DOCUMENT_STATUSES = ["draft", "published", "archived"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const titleSchema = z
  .string()
  .trim()
  .min(1, "title must not be empty")
  .max(500, "title must be at most 500 characters");

const slugSchema = z
  .string()
  .max(200, "slug must be at most 200 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "slug must be lower-case letters and digits joined by single hyphens");

/** The content type the content is written in, e.g. "text/markdown"; the service lists the ones it reads. */
const contentTypeSchema = z.string().trim().min(1, "contentType must not be empty").max(100);

/** The statuses a writer may set; archiving has procedures of its own. */
const writableStatusSchema = z.enum(["draft", "published"]);

const metadataSchema = jsonObjectSchema({ maxBytes: 64_000, maxDepth: 16 }, "metadata");

const contentSchema = z.string().max(DOCUMENT_CONTENT_MAX_CHARS, "content is too large");

/** Checked as base64 (line breaks allowed) when the source is read. */
const contentBase64Schema = z.string().max(DOCUMENT_SOURCE_MAX_CHARS, "contentBase64 is too large");

function distinctIds(label: string) {
  return z
    .array(idSchema)
    .max(DOCUMENT_LINKS_MAX, `name at most ${DOCUMENT_LINKS_MAX} ${label}`)
    .refine((ids) => new Set(ids).size === ids.length, `name each of the ${label} once`);
}

/** The ways a version's text can be cut into chunks. */
export const CHUNKING_STRATEGIES = ["markdown", "sentences", "tokens"] as const;

/** How a version's text is cut into chunks; each setting defaults to the service's. */
export const chunkingInputSchema = z
  .object({
    /**
     * "markdown": sections between headings, big ones split at paragraphs and sentences (the
     * default, except for plain text); "sentences": sentences packed up to maxTokens (plain
     * text's default); "tokens": windows of maxTokens sharing overlapTokens with the previous one.
     */
    strategy: z.enum(CHUNKING_STRATEGIES).optional(),
    maxTokens: z.number().int().min(16).max(8_192).optional(),
    overlapTokens: z.number().int().min(0).max(4_096).optional(),
  })
  .strict()
  .refine(
    (chunking) =>
      chunking.maxTokens === undefined ||
      chunking.overlapTokens === undefined ||
      chunking.overlapTokens < chunking.maxTokens,
    { message: "overlapTokens must be smaller than maxTokens", path: ["overlapTokens"] },
  );

function oneSource(input: { content?: string; contentBase64?: string }): boolean {
  return input.content === undefined || input.contentBase64 === undefined;
}
const ONE_SOURCE = { message: "send content or contentBase64, not both", path: ["contentBase64"] };

const CREATE_SOURCES = ["content", "contentBase64", "source"] as const;

// One source at most, and a content type only beside content sent in the request. A create that
// sends no source at all is refused by the service on its field, as one sending a PDF as text is.
function checkCreateSource(
  input: { content?: string; contentBase64?: string; source?: ObjectRef; contentType?: string },
  context: z.RefinementCtx,
): void {
  const [first, second] = CREATE_SOURCES.filter((field) => input[field] !== undefined);
  if (second !== undefined) {
    context.addIssue({ code: "custom", path: [second], message: `send ${first} or ${second}, not both` });
  }
  if (input.source !== undefined && input.contentType !== undefined) {
    context.addIssue({
      code: "custom",
      path: ["contentType"],
      message: "leave contentType out: an imported object's MIME type is its content type",
    });
  }
}

export const createDocumentInputSchema = z
  .object({
    title: titleSchema,
    /** The text itself (Markdown, plain text, HTML); a PDF comes in contentBase64 instead. */
    content: contentSchema.optional(),
    /** The bytes of a binary source such as a PDF, base64-encoded. */
    contentBase64: contentBase64Schema.optional(),
    /**
     * An object in the organization's storage to import instead of sending content: read as the
     * caller, its MIME type (text/plain, text/markdown, text/html, application/pdf) is the content type.
     */
    source: objectRefSchema.optional(),
    /** Required with content or contentBase64; left out with source. */
    contentType: contentTypeSchema.optional(),
    categoryIds: distinctIds("categories").optional(),
    tagIds: distinctIds("tags").optional(),
    /** The teams that may see the document; none means the whole organization. */
    teamIds: distinctIds("teams").optional(),
    status: writableStatusSchema.default("published"),
    slug: slugSchema.optional(),
    metadata: metadataSchema.optional(),
    chunking: chunkingInputSchema.optional(),
  })
  .strict()
  .superRefine(checkCreateSource);

export type CreateDocumentInput = z.output<typeof createDocumentInputSchema>;
/** A create whose content comes in the request, in the contentType it names. */
export type CreateDocumentFromContent = Omit<CreateDocumentInput, "source" | "contentType"> & { contentType: string };
/** A create that imports an object from storage. */
export type CreateDocumentFromSource = Omit<
  CreateDocumentInput,
  "source" | "content" | "contentBase64" | "contentType"
> & {
  source: ObjectRef;
};

export const updateDocumentInputSchema = z
  .object({
    id: idSchema,
    /** The version the change was made against; another one answers CONFLICT. */
    expectedVersion: z.number().int().positive(),
    title: titleSchema.optional(),
    content: contentSchema.optional(),
    contentBase64: contentBase64Schema.optional(),
    /** A new content type comes with the content written in it. */
    contentType: contentTypeSchema.optional(),
    categoryIds: distinctIds("categories").optional(),
    tagIds: distinctIds("tags").optional(),
    status: writableStatusSchema.optional(),
    slug: slugSchema.nullable().optional(),
    metadata: metadataSchema.optional(),
    changeNote: z.string().trim().max(1_000, "changeNote must be at most 1000 characters").optional(),
    chunking: chunkingInputSchema.optional(),
  })
  .strict()
  .refine(oneSource, ONE_SOURCE)
  .refine(
    (input) => input.contentType === undefined || input.content !== undefined || input.contentBase64 !== undefined,
    {
      message: "send the content in its new contentType with it",
      path: ["contentType"],
    },
  );

export const documentIdInputSchema = z.object({ id: idSchema }).strict();

export const setDocumentTeamsInputSchema = z
  .object({
    id: idSchema,
    /** The teams that may see the document from now on; empty means the whole organization. */
    teamIds: distinctIds("teams"),
  })
  .strict();

export const listDocumentsInputSchema = pageInputSchema
  .extend({
    /** Documents in this category or any category below it. */
    categoryId: idSchema.optional(),
    tagId: idSchema.optional(),
    teamId: idSchema.optional(),
    /** Without a status, archived documents are left out. */
    status: z.enum(DOCUMENT_STATUSES).optional(),
    /** Full-text search in titles and content, in web search syntax ("quoted phrase", -excluded, or). */
    text: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const documentChunksInputSchema = z
  .object({ id: idSchema, version: z.number().int().positive().optional() })
  .strict();

export const listDocumentVersionsInputSchema = pageInputSchema.extend({ id: idSchema }).strict();

export const documentVersionInputSchema = z.object({ id: idSchema, version: z.number().int().positive() }).strict();

export const diffDocumentVersionsInputSchema = z
  .object({ id: idSchema, fromVersion: z.number().int().positive(), toVersion: z.number().int().positive() })
  .strict();

export const restoreDocumentVersionInputSchema = z
  .object({
    id: idSchema,
    /** The version whose title, content and metadata become the new version's. */
    version: z.number().int().positive(),
    expectedVersion: z.number().int().positive(),
  })
  .strict();

export const documentIndexSchema = z.object({
  /** Whether the vector service has embedded the chunks of the version last sent to it. */
  status: z.enum(["pending", "indexed", "failed"]),
  error: z.string().nullable(),
  /** The newest version whose chunks are all embedded. */
  indexedVersion: z.number().int().positive().nullable(),
});

const documentFields = {
  id: z.string(),
  title: z.string(),
  slug: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  contentType: z.string(),
  version: z.number().int().positive(),
  metadata: z.record(z.string(), z.unknown()),
  categoryIds: z.array(z.string()),
  tagIds: z.array(z.string()),
  teamIds: z.array(z.string()),
  index: documentIndexSchema,
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  archivedAt: z.date().nullable(),
};

/** A document with its current text. */
export const documentSchema = z.object({ ...documentFields, content: z.string() });
export type Document = z.infer<typeof documentSchema>;

/** A document in a list: its text only as a short excerpt. */
export const documentSummarySchema = z.object({ ...documentFields, excerpt: z.string() });
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentPageSchema = pageSchema(documentSummarySchema);

export const documentChunkSchema = z.object({
  id: z.string(),
  index: z.number().int().nonnegative(),
  /** Where the chunk sits in the version's text, as character offsets (end exclusive). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  content: z.string(),
  tokenCount: z.number().int().nonnegative().nullable(),
  headingPath: z.array(z.string()),
});
export type DocumentChunk = z.infer<typeof documentChunkSchema>;

export const documentChunksSchema = z.object({
  documentId: z.string(),
  version: z.number().int().positive(),
  chunks: z.array(documentChunkSchema),
});

export const documentVersionSummarySchema = z.object({
  version: z.number().int().positive(),
  title: z.string(),
  contentType: z.string(),
  changeNote: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});
export type DocumentVersionSummary = z.infer<typeof documentVersionSummarySchema>;

export const documentVersionPageSchema = pageSchema(documentVersionSummarySchema);

export const documentVersionSchema = documentVersionSummarySchema.extend({
  documentId: z.string(),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const documentVersionDiffSchema = z.object({
  documentId: z.string(),
  fromVersion: z.number().int().positive(),
  toVersion: z.number().int().positive(),
  /** The change from one version's text to the other's as a unified diff. */
  unified: z.string(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
});

export const deletedDocumentSchema = z.object({ id: z.string() });

/** The events `lore.onDocumentChanged` streams, to callers who may see the document. */
export const DOCUMENT_CHANGE_TYPES = [
  "document.created",
  "document.updated",
  "document.deleted",
  "document.teams_set",
] as const satisfies readonly (keyof typeof loreEvents)[];

export type DocumentChangeType = (typeof DOCUMENT_CHANGE_TYPES)[number];

function changeSchema<T extends DocumentChangeType>(type: T) {
  return z.object({
    type: z.literal(type),
    /** The domain event's id: the same change never arrives under two ids. */
    eventId,
    occurredAt: z.iso.datetime({ offset: true }),
    payload: loreEvents[type],
  });
}

/** One message of `lore.onDocumentChanged`: a document's change, or a subscription marker. */
export const documentChangeSchema = z.discriminatedUnion("type", [
  subscribedMarkerSchema,
  resetMarkerSchema,
  changeSchema("document.created"),
  changeSchema("document.updated"),
  changeSchema("document.deleted"),
  changeSchema("document.teams_set"),
]);

export type DocumentChange = z.infer<typeof documentChangeSchema>;
