import { conflict, invalidFields, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** NOT_FOUND's message for a tag id that is not in the active organization. */
export const TAG_NOT_FOUND = "Tag not found in this organization";

/** The CONFLICT (reason `name_taken`) for a tag name the organization uses already. */
export function tagNameTaken(name: string): RefusalError {
  return conflict("name_taken", `A tag named "${name}" already exists in this organization; choose another`);
}

/** BAD_REQUEST on each `sourceTagIds` entry the organization has no tag for. */
export function unknownSourceTags(indexes: readonly number[]): TRPCError {
  return invalidFields(
    indexes.map((index) => ({ path: ["sourceTagIds", index], message: "no tag with this id in this organization" })),
  );
}

/**
 * The refusal of a merge by someone who may not see every document: the sources' links on
 * documents hidden from them could not move and would be lost with the sources.
 */
export function mergeNeedsEveryDocument(): TRPCError {
  return new TRPCError({
    code: "FORBIDDEN",
    message:
      "Merging tags re-tags documents across the organization, including ones only their teams see; ask an owner or admin",
  });
}
