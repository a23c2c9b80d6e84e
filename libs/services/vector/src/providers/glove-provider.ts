import { untilDoneOrCancelled } from "./cancellable-wait";
import { EmbeddingProviderError, type EmbeddingProvider } from "./embedding-provider";
import { GLOVE_DIMENSIONS } from "./provider-configuration";
import { withoutAccents, wordsOf } from "./text-words";
import { emptyTextVector, unitVector } from "./unit-vector";
import type { WordVectors } from "./word-vector-file";
import { loadWordVectors } from "./word-vectors";

/** SIF's smoothing constant: words more frequent than about one in a thousand count for little. */
const SIF_A = 1e-3;
const EULER_GAMMA = 0.5772156649015329;

/**
 * Smooth inverse frequency, weight(w) = a / (a + p(w)), so "the" and "of" barely move the
 * average while content words carry it. The file gives each word's frequency rank r (1 = most
 * frequent) but not its frequency, so p(w) is Zipf's law over the vocabulary of N words:
 * p(r) = 1 / (r · H_N), with H_N = 1 + 1/2 + … + 1/N ≈ ln N + γ (13.3 for these 341,479 words).
 * That puts "the" at 7.5% (English text has it near 5%), weighted 0.013, and rank 1,000 at
 * 0.0075%, weighted 0.93.
 */
function sifWeights(words: WordVectors): Float32Array {
  const vocabularySize = words.rows.size;
  const harmonic = Math.log(vocabularySize) + EULER_GAMMA + 1 / (2 * vocabularySize);
  return Float32Array.from(words.ranks, (rank) => SIF_A / (SIF_A + 1 / ((rank + 1) * harmonic)));
}

const weightsOf = new WeakMap<WordVectors, Float32Array>();

/** The row of `word`, or of its unaccented spelling: the vocabulary was built from folded text. */
function rowOf(words: WordVectors, word: string): number | undefined {
  return words.rows.get(word) ?? words.rows.get(withoutAccents(word));
}

/** The SIF-weighted mean of the vectors of `text`'s known words, at unit length. */
export function wordVectorEmbedding(words: WordVectors, text: string): number[] {
  let weights = weightsOf.get(words);
  if (!weights) weightsOf.set(words, (weights = sifWeights(words)));
  const { dimensions, vectors } = words;
  const sum = new Float64Array(dimensions);
  let known = 0;
  for (const word of wordsOf(text)) {
    const row = rowOf(words, word);
    if (row === undefined) continue;
    known += 1;
    const weight = weights[row]!;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i += 1) sum[i]! += weight * vectors[offset + i]!;
  }
  // Unknown words are skipped; a text with none known has nothing to average.
  return known === 0 ? emptyTextVector(dimensions) : unitVector(sum);
}

/** The built-in meaning model: averaged pretrained English word vectors, 100 dimensions, offline. */
export function createGloveProvider(load: () => Promise<WordVectors> = loadWordVectors): EmbeddingProvider {
  return {
    name: "glove",
    async embed(texts, { dimensions, signal }) {
      if (dimensions !== GLOVE_DIMENSIONS) {
        throw new EmbeddingProviderError(
          "configuration",
          `The glove provider produces ${GLOVE_DIMENSIONS} dimensions, but the model declares ${dimensions}`,
        );
      }
      const words = await untilDoneOrCancelled(load(), signal);
      return texts.map((text) => wordVectorEmbedding(words, text));
    },
  };
}
