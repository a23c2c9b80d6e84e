import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { benchCacheFolder } from "./datasets-folder";
import { exactNeighbours, type DistanceSpace } from "./exact-neighbours";
import { rowOf, type VectorSet } from "./vector-set";

const PROGRESS_EVERY_MS = 5_000;

function bytesOf(array: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Which base rows may answer each query: all, one set for every query, or a set per query (by position). */
export type Candidates = "all" | Int32Array | ((position: number) => Int32Array);

function candidatesAt(candidates: Candidates, position: number): Int32Array | undefined {
  if (candidates === "all") return undefined;
  return typeof candidates === "function" ? candidates(position) : candidates;
}

// Names the answer by everything it depends on, so a changed split, filter or dataset never
// reads an answer computed for another.
function fingerprint(
  space: DistanceSpace,
  queries: VectorSet,
  queryRows: readonly number[],
  k: number,
  candidates: Candidates,
): string {
  const hash = createHash("sha256");
  hash.update(`${space.kind}:${k}:${space.base.dimensions}:${space.base.count}:`);
  hash.update(bytesOf(space.base.values));
  const seen = new Map<Int32Array, number>();
  for (const [position, row] of queryRows.entries()) {
    hash.update(bytesOf(rowOf(queries, row)));
    const rows = candidatesAt(candidates, position);
    if (!rows) continue;
    // A set shared by many queries is hashed once, then named by its first use.
    const first = seen.get(rows);
    if (first === undefined) seen.set(rows, position);
    hash.update(first === undefined ? bytesOf(rows) : `same as ${first}`);
  }
  return hash.digest("hex").slice(0, 24);
}

// Queries that share a candidate set are answered together.
function answer(
  space: DistanceSpace,
  queries: VectorSet,
  queryRows: readonly number[],
  k: number,
  candidates: Candidates,
  onProgress: (done: number) => void,
): Int32Array {
  const groups = new Map<Int32Array | undefined, number[]>();
  queryRows.forEach((_, position) => {
    const rows = candidatesAt(candidates, position);
    const group = groups.get(rows);
    if (group) group.push(position);
    else groups.set(rows, [position]);
  });
  const truth = new Int32Array(queryRows.length * k);
  let done = 0;
  for (const [rows, positions] of groups) {
    const found = exactNeighbours(
      space,
      queries,
      positions.map((position) => queryRows[position]!),
      k,
      rows,
      (inGroup) => onProgress(done + inGroup),
    );
    positions.forEach((position, index) => truth.set(found.subarray(index * k, (index + 1) * k), position * k));
    done += positions.length;
  }
  return truth;
}

/**
 * Exact top-k by brute force (exactNeighbours), computed once and kept in .data/bench under a
 * hash of the base, the queries, the candidate rows and k: a run on the same data reads it back.
 */
export async function groundTruth(
  label: string,
  space: DistanceSpace,
  queries: VectorSet,
  queryRows: readonly number[],
  k: number,
  progress: (text: string) => void,
  candidates: Candidates = "all",
): Promise<Int32Array> {
  const name = `exact-top${k}-${fingerprint(space, queries, queryRows, k, candidates)}.i32`;
  const file = path.join(await benchCacheFolder(), name);
  if (existsSync(file)) {
    const bytes = await readFile(file);
    progress(
      `${label}: exact top-${k} read back from ${path.basename(file)} (computed by brute force in an earlier run)`,
    );
    return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }
  const perQuery = candidatesAt(candidates, 0)?.length ?? space.base.count;
  progress(
    `${label}: exact top-${k} by brute force, ${queryRows.length.toLocaleString("en-US")} queries × ` +
      `${perQuery.toLocaleString("en-US")} rows × ${space.base.dimensions} dimensions`,
  );
  const started = performance.now();
  let reported = started;
  const truth = answer(space, queries, queryRows, k, candidates, (done) => {
    if (performance.now() - reported < PROGRESS_EVERY_MS) return;
    reported = performance.now();
    progress(`  ${done.toLocaleString("en-US")}/${queryRows.length.toLocaleString("en-US")} queries`);
  });
  progress(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeFile(`${file}.partial`, bytesOf(truth));
  await rename(`${file}.partial`, file);
  return truth;
}
