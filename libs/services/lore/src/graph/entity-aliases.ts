import { canonicalName } from "./canonical-name";

/**
 * An entity's aliases without repeats or its own name, as names are compared (canonical form);
 * the first spelling of each is kept.
 */
export function distinctAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([canonicalName(name)]);
  const kept: string[] = [];
  for (const alias of aliases) {
    const key = canonicalName(alias);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    kept.push(alias);
  }
  return kept;
}
