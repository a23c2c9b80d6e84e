/**
 * Bounds on the shape of a procedure's input. Serializing a value again (superjson, JSON.stringify
 * for a jsonb column, recursive validators) recurses once per level and once per reference, so an
 * input nested 100,000 levels deep overflows the stack, and superjson's reference annotations can
 * build cycles or a small object that reaches billions of nodes. No real input comes near these.
 */

/** How deeply objects and arrays may nest, counted in the JSON text and in the decoded input. */
export const MAX_INPUT_DEPTH = 64;
/** Object and array visits a decoded input may need, counting a shared one each time it is reached. */
export const MAX_INPUT_CONTAINERS = 500_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * True when JSON text nests deeper than `limit`; one pass over the text, before it is parsed.
 * Plain comparisons, not set look-ups: bulk bodies run to tens of megabytes.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  const length = text.length;
  for (let index = 0; index < length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index += 1;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

/** Why a decoded input is refused before validation (a message for the client), or null when it is within bounds. */
export function inputShapeProblem(value: unknown): string | null {
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  let visits = 0;
  while (pending.length > 0) {
    const current = pending.pop();
    const depth = depths.pop() ?? 1;
    if (typeof current !== "object" || current === null) continue;
    if (depth > MAX_INPUT_DEPTH) return `Input may nest at most ${MAX_INPUT_DEPTH} levels deep`;
    visits += 1;
    if (visits > MAX_INPUT_CONTAINERS) return `Input may hold at most ${MAX_INPUT_CONTAINERS} objects and arrays`;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === "object" && child !== null) {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}
