/** Formats numbers as pgvector's text form ("[1,2,3]"), the way vector columns are written. */
export function toVectorLiteral(values: readonly number[]): string {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`vector components must be finite numbers, got ${value}`);
  }
  return `[${values.join(",")}]`;
}

/** Parses pgvector's text form ("[1,2,3]"), the way vector columns are read. */
export function parseVectorLiteral(text: string): number[] {
  const inner = text.trim();
  if (!inner.startsWith("[") || !inner.endsWith("]")) throw new SyntaxError(`not a vector literal: ${text}`);
  const body = inner.slice(1, -1).trim();
  return body === "" ? [] : body.split(",").map(Number);
}
