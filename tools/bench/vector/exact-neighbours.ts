import { rowOf, type VectorSet } from "./vector-set";

/** How two vectors compare: squared Euclidean distance, or cosine distance (1 − cosine similarity). */
export type DistanceKind = "l2" | "cosine";

/**
 * A base set prepared for exact comparisons. Both distances come down to one dot product per
 * pair: ‖q‖² + ‖b‖² − 2 q·b for L2, 1 − q·b / (‖q‖‖b‖) for cosine.
 */
export interface DistanceSpace {
  kind: DistanceKind;
  base: VectorSet;
  /** ‖row‖² of every base row. */
  squaredNorms: Float64Array;
}

function squaredNorm(vector: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < vector.length; index += 1) sum += vector[index]! * vector[index]!;
  return sum;
}

function dot(a: Float32Array, values: Float32Array, offset: number): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += a[index]! * values[offset + index]!;
  return sum;
}

function fromDot(kind: DistanceKind, product: number, queryNorm: number, rowNorm: number): number {
  if (kind === "l2") return queryNorm + rowNorm - 2 * product;
  const scale = Math.sqrt(queryNorm * rowNorm);
  return scale === 0 ? 1 : 1 - product / scale;
}

/** Prepares `base` for exact comparisons by `kind`. */
export function distanceSpace(kind: DistanceKind, base: VectorSet): DistanceSpace {
  const squaredNorms = new Float64Array(base.count);
  for (let row = 0; row < base.count; row += 1) squaredNorms[row] = squaredNorm(rowOf(base, row));
  return { kind, base, squaredNorms };
}

/** The distance from `query` to base row `row` (squared for L2: the same order without a square root). */
export function distanceTo(space: DistanceSpace, query: Float32Array, row: number): number {
  const product = dot(query, space.base.values, row * space.base.dimensions);
  return fromDot(space.kind, product, squaredNorm(query), space.squaredNorms[row]!);
}

/** The k best (row, distance) pairs seen so far, nearest first. */
class NearestRows {
  readonly rows: Int32Array;
  readonly distances: Float64Array;
  constructor(readonly k: number) {
    this.rows = new Int32Array(k).fill(-1);
    this.distances = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  }
  offer(row: number, distance: number): void {
    const { rows, distances } = this;
    if (distance >= distances[this.k - 1]!) return;
    let slot = this.k - 1;
    while (slot > 0 && distances[slot - 1]! > distance) {
      distances[slot] = distances[slot - 1]!;
      rows[slot] = rows[slot - 1]!;
      slot -= 1;
    }
    distances[slot] = distance;
    rows[slot] = row;
  }
}

const QUERY_BLOCK = 4;

/**
 * The `k` nearest base rows of each query by brute force, nearest first, as base row numbers
 * (queries × k; -1 where fewer than k rows qualify). `rows` limits the candidates (a filter, an
 * organization); all base rows otherwise. Queries go four at a time, so each base row is read
 * from memory once per four queries.
 */
export function exactNeighbours(
  space: DistanceSpace,
  queries: VectorSet,
  queryRows: readonly number[],
  k: number,
  rows?: Int32Array,
  onProgress?: (queriesDone: number) => void,
): Int32Array {
  const { dimensions, values } = space.base;
  const candidates = rows ?? Int32Array.from({ length: space.base.count }, (_, row) => row);
  const result = new Int32Array(queryRows.length * k).fill(-1);
  for (let first = 0; first < queryRows.length; first += QUERY_BLOCK) {
    const block = queryRows.slice(first, first + QUERY_BLOCK);
    const vectors = block.map((row) => rowOf(queries, row));
    while (vectors.length < QUERY_BLOCK) vectors.push(vectors[0]!);
    const [q0, q1, q2, q3] = vectors as [Float32Array, Float32Array, Float32Array, Float32Array];
    const norms = vectors.map(squaredNorm);
    const nearest = block.map(() => new NearestRows(k));
    for (let candidate = 0; candidate < candidates.length; candidate += 1) {
      const row = candidates[candidate]!;
      const offset = row * dimensions;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let index = 0; index < dimensions; index += 1) {
        const value = values[offset + index]!;
        s0 += q0[index]! * value;
        s1 += q1[index]! * value;
        s2 += q2[index]! * value;
        s3 += q3[index]! * value;
      }
      const rowNorm = space.squaredNorms[row]!;
      const kind = space.kind;
      nearest[0]!.offer(row, fromDot(kind, s0, norms[0]!, rowNorm));
      nearest[1]?.offer(row, fromDot(kind, s1, norms[1]!, rowNorm));
      nearest[2]?.offer(row, fromDot(kind, s2, norms[2]!, rowNorm));
      nearest[3]?.offer(row, fromDot(kind, s3, norms[3]!, rowNorm));
    }
    for (const [position, found] of nearest.entries()) result.set(found.rows, (first + position) * k);
    onProgress?.(first + block.length);
  }
  return result;
}
