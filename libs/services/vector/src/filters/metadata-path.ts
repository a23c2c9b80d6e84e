/** The object names a dotted metadata key walks through: `author.name` → ["author", "name"]. */
export function metadataKeySegments(key: string): string[] {
  return key.split(".");
}

/**
 * A strict-mode jsonpath to the key's value. Strict mode walks objects only, as containment does,
 * so `items.0` never reaches into an array and every operator agrees on what a key names.
 */
export function metadataJsonPath(key: string): string {
  const members = metadataKeySegments(key).map((segment) => `."${segment.replace(/["\\]/g, "\\$&")}"`);
  return `strict $${members.join("")}`;
}

/** The smallest document holding `value` at the key, for `metadata @> document` containment. */
export function containmentDocument(key: string, value: unknown): string {
  const nested = metadataKeySegments(key).reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value);
  return JSON.stringify(nested);
}
