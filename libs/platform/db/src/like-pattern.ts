// LIKE's wildcards (% and _) and its default escape character (backslash), each escaped so that
// text from a client matches only itself.
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A LIKE pattern matching `text` anywhere, case-folded: compare it with lower(column). */
export function containsPattern(text: string): string {
  return `%${literal(text.toLowerCase())}%`;
}

/** A LIKE pattern matching values that start with `prefix`, taken literally. */
export function prefixPattern(prefix: string): string {
  return `${literal(prefix)}%`;
}
