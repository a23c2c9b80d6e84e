import type { Document, DocumentStatus, DocumentSummary, Page } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import { sql, type InferResult, type Transaction } from "kysely";
import { categorySubtreeIds } from "../taxonomy/category-subtree";

const EXCERPT_LENGTH = 200;

function documentColumns(trx: Transaction<Database>) {
  return trx.selectFrom("lore.documents as d").select([
    "d.id",
    "d.title",
    "d.slug",
    "d.status",
    "d.content_type",
    "d.current_version",
    "d.metadata",
    "d.team_ids",
    "d.index_status",
    "d.index_error",
    "d.indexed_version",
    "d.created_by",
    "d.created_at",
    "d.updated_at",
    "d.archived_at",
    sql<string[]>`array(
        select a.category_id from lore.document_category_associations a where a.document_id = d.id order by a.category_id
      )`.as("category_ids"),
    sql<string[]>`array(
        select a.tag_id from lore.document_tag_associations a where a.document_id = d.id order by a.tag_id
      )`.as("tag_ids"),
  ]);
}

type DocumentRow = InferResult<ReturnType<typeof documentColumns>>[number];

function toDocumentFields(row: DocumentRow): Omit<Document, "content"> {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    status: row.status as DocumentStatus,
    contentType: row.content_type,
    version: row.current_version,
    metadata: row.metadata as Record<string, unknown>,
    categoryIds: row.category_ids,
    tagIds: row.tag_ids,
    teamIds: row.team_ids,
    index: {
      status: row.index_status as Document["index"]["status"],
      error: row.index_error,
      indexedVersion: row.indexed_version,
    },
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** The text's opening with its whitespace collapsed, cut to the excerpt length. */
export function excerptOf(opening: string): string {
  const collapsed = opening.replace(/\s+/g, " ").trim();
  return collapsed.length <= EXCERPT_LENGTH ? collapsed : `${collapsed.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

/** One document of the organization as the caller may see it, or undefined. */
export async function loadDocument(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<Document | undefined> {
  const row = await documentColumns(trx)
    .select("d.content")
    .where("d.organization_id", "=", organizationId)
    .where("d.id", "=", documentId)
    .executeTakeFirst();
  return row && { ...toDocumentFields(row), content: row.content };
}

/** What a list of documents may be narrowed to. */
export interface DocumentFilter {
  categoryId?: string;
  tagId?: string;
  teamId?: string;
  status?: DocumentStatus;
  text?: string;
}

/** The documents the caller may see, most recently changed first, a page at a time. */
export async function listDocuments(
  trx: Transaction<Database>,
  organizationId: string,
  input: DocumentFilter & { limit: number; cursor?: string },
): Promise<Page<DocumentSummary>> {
  const after = decodeTimeCursor(input.cursor);
  const { categoryId, tagId, teamId, status, text } = input;
  // Twice the excerpt, so collapsing whitespace still leaves enough text.
  const opening = sql<string>`left(d.content, ${EXCERPT_LENGTH * 2})`;
  const rows = await documentColumns(trx)
    .select([preciseTime("d.updated_at").as("position_at"), opening.as("opening")])
    .where("d.organization_id", "=", organizationId)
    .$if(status === undefined, (query) => query.where("d.status", "<>", "archived"))
    .$if(status !== undefined, (query) => query.where("d.status", "=", status as DocumentStatus))
    .$if(categoryId !== undefined, (query) =>
      query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("lore.document_category_associations as ca")
            .select("ca.id")
            .whereRef("ca.document_id", "=", "d.id")
            .where(sql<boolean>`ca.category_id in ${categorySubtreeIds(categoryId as string)}`),
        ),
      ),
    )
    .$if(tagId !== undefined, (query) =>
      query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("lore.document_tag_associations as ta")
            .select("ta.id")
            .whereRef("ta.document_id", "=", "d.id")
            .where("ta.tag_id", "=", tagId as string),
        ),
      ),
    )
    .$if(teamId !== undefined, (query) => query.where(sql<boolean>`d.team_ids @> array[${teamId}]::uuid[]`))
    .$if(text !== undefined, (query) => query.where(sql<boolean>`d.search @@ websearch_to_tsquery('english', ${text})`))
    .where(pastTimeKey({ time: "d.updated_at", id: "d.id" }, after, "before"))
    .orderBy("d.updated_at", "desc")
    .orderBy("d.id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    (row) => ({ ...toDocumentFields(row), excerpt: excerptOf(row.opening) }),
    (row) => ({ at: row.position_at, id: row.id }),
  );
}

function currentForm(trx: Transaction<Database>, organizationId: string, documentId: string) {
  return trx
    .selectFrom("lore.documents")
    .select(["content_type as contentType", "current_version as version"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", documentId);
}

/** A document's current content type and version, or undefined when the caller cannot see it. */
export async function loadDocumentForm(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<{ contentType: string; version: number } | undefined> {
  return currentForm(trx, organizationId, documentId).executeTakeFirst();
}

/** A document's current text, content type and version, or undefined when the caller cannot see it. */
export async function loadDocumentText(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<{ content: string; contentType: string; version: number } | undefined> {
  return currentForm(trx, organizationId, documentId).select("content").executeTakeFirst();
}
