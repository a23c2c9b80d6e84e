// Postgres stores neither text nor jsonb holding U+0000.
const NUL = "\u0000";

/**
 * Why `value` cannot be stored as jsonb, or null: plain JSON values only (what superjson may decode
 * besides, such as dates, maps or big integers, is refused) and no NUL characters.
 */
export function storableJsonProblem(value: unknown): string | null {
  if (value === null || typeof value === "boolean") return null;
  if (typeof value === "string") return value.includes(NUL) ? "text must not contain NUL characters" : null;
  if (typeof value === "number") return Number.isFinite(value) ? null : "numbers must be finite";
  if (Array.isArray(value)) {
    for (const element of value) {
      const problem = storableJsonProblem(element);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, element] of Object.entries(value)) {
      if (key.includes(NUL)) return "keys must not contain NUL characters";
      const problem = storableJsonProblem(element);
      if (problem) return problem;
    }
    return null;
  }
  return "only JSON values are stored: strings, numbers, booleans, null, arrays and objects";
}

/** Whether text can be stored in a text column. */
export function isStorableText(text: string): boolean {
  return !text.includes(NUL);
}
