/**
 * The form under which an entity's name is unique within its type: Unicode-normalized (NFKC),
 * case-folded, inner whitespace collapsed, outer punctuation and whitespace trimmed. "London",
 * " LONDON " and "London." name one place.
 */
export function canonicalName(name: string): string {
  return name
    .normalize("NFKC")
    .toLocaleLowerCase("en")
    .replace(/\s+/gu, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
}
