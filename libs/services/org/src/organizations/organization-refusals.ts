import { conflict, type RefusalError } from "@cauldron/rpc";

/** The CONFLICT (reason `slug_taken`) a client sees when the slug belongs to another organization. */
export function slugTakenError(slug: string): RefusalError {
  return conflict("slug_taken", `The slug "${slug}" is taken; choose another`);
}
