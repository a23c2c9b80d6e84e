import { isDeepStrictEqual } from "node:util";
import type { Document } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import type { ChunkDraft } from "./chunk-rows";
import { chunksChangedEvents, documentUpdatedEvent } from "./document-events";
import {
  assertLinkable,
  linkedCategoryIds,
  linkedTagIds,
  replaceCategories,
  replaceTags,
  sameIds,
} from "./document-links";
import { lockDocument, type LockedDocument } from "./document-lock";
import { loadDocument } from "./document-queries";
import { DOCUMENT_NOT_FOUND, documentArchived, isSlugTaken, slugTaken, staleVersion } from "./document-refusals";
import type { DocumentsCaller } from "./documents-caller";
import { writeNextVersion, type NextVersion } from "./write-version";

/** A change to a document, prepared (text extracted and chunked) before its transaction opens. */
export interface DocumentEdit {
  id: string;
  /** The version the change was made against. */
  expectedVersion: number;
  title?: string;
  /** New text, or the current text cut with new settings, with its chunks. */
  text?: { text: string; contentType: string; chunks: readonly ChunkDraft[] };
  /** Whether the caller chose chunking settings, which re-chunks even unchanged text. */
  rechunked: boolean;
  metadata?: Record<string, unknown>;
  changeNote?: string;
  categoryIds?: readonly string[];
  tagIds?: readonly string[];
  status?: "draft" | "published";
  slug?: string | null;
}

/** The fields a version holds that the edit changes, and the next version if there are any. */
function versionChanges(document: LockedDocument, edit: DocumentEdit): { fields: string[]; next: NextVersion } {
  const title = edit.title ?? document.title;
  const text = edit.text?.text ?? document.content;
  const contentType = edit.text?.contentType ?? document.content_type;
  const metadata = edit.metadata ?? (document.metadata as Record<string, unknown>);
  const fields = [
    ...(title !== document.title ? ["title"] : []),
    ...(text !== document.content ? ["content"] : []),
    ...(contentType !== document.content_type ? ["contentType"] : []),
    ...(isDeepStrictEqual(metadata, document.metadata) ? [] : ["metadata"]),
    ...(edit.rechunked ? ["chunking"] : []),
  ];
  const rechunk = fields.some((field) => field === "content" || field === "contentType" || field === "chunking");
  return {
    fields,
    next: {
      title,
      text,
      contentType,
      metadata,
      changeNote: edit.changeNote ?? null,
      chunks: rechunk && edit.text ? edit.text.chunks : null,
    },
  };
}

/** Replaces categories and tags the edit names differently; answers the fields that changed. */
async function applyLinkChanges(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  edit: DocumentEdit,
): Promise<string[]> {
  await assertLinkable(trx, organizationId, { categoryIds: edit.categoryIds, tagIds: edit.tagIds });
  const changed: string[] = [];
  if (edit.categoryIds && !sameIds(edit.categoryIds, await linkedCategoryIds(trx, documentId))) {
    await replaceCategories(trx, organizationId, documentId, edit.categoryIds);
    changed.push("categoryIds");
  }
  if (edit.tagIds && !sameIds(edit.tagIds, await linkedTagIds(trx, documentId))) {
    await replaceTags(trx, organizationId, documentId, edit.tagIds);
    changed.push("tagIds");
  }
  return changed;
}

/**
 * Sets status and slug when the edit changes them, and marks the document changed (updated_at)
 * when only its links did; answers the fields that changed.
 */
async function applyRowChanges(
  trx: Transaction<Database>,
  organizationId: string,
  document: LockedDocument,
  edit: DocumentEdit,
  touch: boolean,
): Promise<string[]> {
  const status = edit.status !== undefined && edit.status !== document.status ? edit.status : undefined;
  const slug = edit.slug !== undefined && edit.slug !== document.slug ? edit.slug : undefined;
  if (status === undefined && slug === undefined && !touch) return [];
  await trx
    .updateTable("lore.documents")
    .set({
      ...(status !== undefined ? { status } : {}),
      ...(slug !== undefined ? { slug } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where("organization_id", "=", organizationId)
    .where("id", "=", document.id)
    .execute();
  return [...(status !== undefined ? ["status"] : []), ...(slug !== undefined ? ["slug"] : [])];
}

/**
 * Applies an edit in one transaction against the locked document: CONFLICT unless it is still at
 * `expectedVersion`. A change of title, text, content type, metadata or chunking writes a new
 * version (unchanged chunks keep their embeddings); categories, tags, status and slug change in
 * place. An edit that changes nothing answers the document as it is, announcing nothing.
 */
export async function commitDocumentEdit(caller: DocumentsCaller, edit: DocumentEdit): Promise<Document> {
  const { organizationId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      const document = requireFound(await lockDocument(trx, organizationId, edit.id), DOCUMENT_NOT_FOUND);
      if (document.current_version !== edit.expectedVersion) {
        throw staleVersion(edit.expectedVersion, document.current_version);
      }
      if (document.status === "archived") throw documentArchived();
      const versioned = versionChanges(document, edit);
      const linkFields = await applyLinkChanges(trx, organizationId, document.id, edit);
      const written =
        versioned.fields.length > 0
          ? await writeNextVersion(trx, { organizationId, actorUserId: caller.actorUserId }, document, versioned.next)
          : null;
      const rowFields = await applyRowChanges(trx, organizationId, document, edit, linkFields.length > 0 && !written);
      const changedFields = [...versioned.fields, ...linkFields, ...rowFields];
      const updated = requireFound(await loadDocument(trx, organizationId, document.id), DOCUMENT_NOT_FOUND);
      if (changedFields.length === 0) return updated;
      await caller.record(trx, {
        action: "document.updated",
        target: { type: "document", id: document.id },
        metadata: { changedFields, version: updated.version },
        events: [
          documentUpdatedEvent(organizationId, updated, changedFields, caller.actorUserId),
          ...(written ? chunksChangedEvents(organizationId, updated, written.chunkChanges) : []),
        ],
      });
      return updated;
    });
  } catch (error) {
    if (typeof edit.slug === "string" && isSlugTaken(error)) throw slugTaken(edit.slug);
    throw error;
  }
}
