import { canonicalName } from "../graph/canonical-name";

/** Longest entity or relationship type name an extractor may introduce. */
export const MAX_TYPE_NAME_LENGTH = 64;

/**
 * The stored name of an entity or relationship type an extractor names: canonical (case-folded,
 * trimmed) with inner spaces and dashes as underscores, so "Works for" and "works-for" are one
 * type. Undefined when nothing usable is left or the name is too long to be a type.
 */
export function graphTypeName(raw: string): string | undefined {
  const name = canonicalName(raw).replace(/[\s\-\u2010-\u2015]+/gu, "_");
  if (name === "" || name.length > MAX_TYPE_NAME_LENGTH) return undefined;
  return name;
}
