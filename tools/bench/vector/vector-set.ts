/** Vectors of one size, row after row in one buffer. */
export interface VectorSet {
  count: number;
  dimensions: number;
  values: Float32Array;
}

/** Row `index` of the set, as a view (no copy). */
export function rowOf(set: VectorSet, index: number): Float32Array {
  return set.values.subarray(index * set.dimensions, (index + 1) * set.dimensions);
}

/**
 * A row as plain numbers for JSON or SQL: nine significant digits give back the same float32,
 * so the service, the SQL baseline and the ground truth all see the very same vector.
 */
export function rowNumbers(set: VectorSet, index: number): number[] {
  return Array.from(rowOf(set, index), (value) => Number(value.toPrecision(9)));
}

/** pgvector's text form of a row, as the SQL baseline binds it. */
export function rowLiteral(set: VectorSet, index: number): string {
  return `[${rowNumbers(set, index).join(",")}]`;
}
