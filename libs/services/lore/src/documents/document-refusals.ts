import { conflict, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** NOT_FOUND's message for a document that is not in the active organization or not visible to the caller. */
export const DOCUMENT_NOT_FOUND = "Document not found in this organization";

/** NOT_FOUND for a version the document never had. */
export function versionNotFound(version: number): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `This document has no version ${version}` });
}

/** CONFLICT (reason `version_conflict`) for a change made against a version that is no longer the current one. */
export function staleVersion(expectedVersion: number, currentVersion: number): RefusalError {
  return conflict(
    "version_conflict",
    `The document is at version ${currentVersion}, not ${expectedVersion}; reload it and apply the change again`,
  );
}

/** The refusal of an edit to an archived document: it is read-only until restored. */
export function documentArchived(): TRPCError {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message: "This document is archived; restore it before changing it",
  });
}

/** CONFLICT (reason `slug_taken`) for a slug another document of the organization uses. */
export function slugTaken(slug: string): RefusalError {
  return conflict("slug_taken", `Another document uses the slug "${slug}"; choose another`);
}

/** Whether `error` is the unique violation of a document slug within its organization. */
export function isSlugTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "documents_slug_key";
}
