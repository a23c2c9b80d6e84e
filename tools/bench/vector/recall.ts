import { distanceTo, type DistanceSpace } from "./exact-neighbours";
import { rowOf, type VectorSet } from "./vector-set";

// Float32 sums in pgvector and float64 sums here round differently; a row this close to the k-th
// true neighbour's distance is a tie, not a miss.
const RELATIVE_TIE = 1e-5;

/**
 * recall@k as ann-benchmarks counts it: of the rows a search returned, the share no farther from
 * the query than its k-th true neighbour (so rows tied with it count), over k.
 */
export function recallAtK(
  space: DistanceSpace,
  queries: VectorSet,
  queryRows: readonly number[],
  truth: Int32Array,
  truthDepth: number,
  found: readonly (readonly number[])[],
  k: number,
): number {
  let hits = 0;
  for (const [position, queryRow] of queryRows.entries()) {
    const query = rowOf(queries, queryRow);
    const kth = truth[position * truthDepth + k - 1]!;
    if (kth < 0) throw new Error(`query ${queryRow} has fewer than ${k} true neighbours; recall@${k} is undefined`);
    const limit = distanceTo(space, query, kth);
    const tolerance = Math.abs(limit) * RELATIVE_TIE + 1e-9;
    const returned = found[position] ?? [];
    let matched = 0;
    for (const row of returned.slice(0, k)) {
      if (distanceTo(space, query, row) <= limit + tolerance) matched += 1;
    }
    hits += Math.min(matched, k);
  }
  return hits / (queryRows.length * k);
}
