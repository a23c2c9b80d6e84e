import { conflict, invalidFields, type RefusalError } from "@cauldron/rpc";
import type { TRPCError } from "@trpc/server";

/** NOT_FOUND's message for a category id that is not in the active organization. */
export const CATEGORY_NOT_FOUND = "Category not found in this organization";

/** The CONFLICT (reason `slug_taken`) for a slug another category of the organization has. */
export function categorySlugTaken(slug: string): RefusalError {
  return conflict(
    "slug_taken",
    `A category with the slug "${slug}" already exists in this organization; choose another`,
  );
}

/** The CONFLICT (reason `name_taken`) for a name a sibling already has, ignoring case. */
export function categoryNameTaken(name: string, parentId: string | null): RefusalError {
  const where = parentId === null ? "at the top level" : "under this parent";
  return conflict("name_taken", `A category named "${name}" already exists ${where}; choose another name`);
}

/** BAD_REQUEST on `parentId` for a parent the organization does not have. */
export function unknownParentCategory(): TRPCError {
  return invalidFields([{ path: ["parentId"], message: "no category with this id in this organization" }]);
}

/** BAD_REQUEST on `parentId` for a move that would put a category under itself or its own descendant. */
export function categoryCycle(parentIsCategory: boolean): TRPCError {
  const message = parentIsCategory
    ? "a category cannot be its own parent"
    : "a category cannot move under one of its own descendants";
  return invalidFields([{ path: ["parentId"], message }]);
}
