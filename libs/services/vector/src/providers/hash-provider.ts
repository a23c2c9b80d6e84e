import { throwIfCancelled, type EmbeddingProvider } from "./embedding-provider";
import { bucketOf, HASH_START, hashCodeUnit, hashText, signOf } from "./feature-hash";
import { wordsOf } from "./text-words";
import { unitVector } from "./unit-vector";

/*
 * How much each kind of feature counts. Words carry the meaning; word pairs add some word order;
 * character 3-grams let inflections and typos ("embedding", "embeddings", "embeding") share
 * features, at a lower weight since a word has many of them. Part of the model's definition.
 */
const WORD_WEIGHT = 1;
const WORD_PAIR_WEIGHT = 0.7;
const TRIGRAM_WEIGHT = 0.35;

// A leading code unit per kind keeps the word "abc" and the trigram "abc" apart.
const WORD_KIND = hashCodeUnit(HASH_START, 0x77); // "w"
const WORD_PAIR_KIND = hashCodeUnit(HASH_START, 0x62); // "b"
const TRIGRAM_KIND = hashCodeUnit(HASH_START, 0x63); // "c"
const WORD_SEPARATOR = 0x20;
const WORD_EDGE = 0x23; // "#", marks a word's start and end for its 3-grams

/**
 * The features of one text as a list to sort and count runs in, reused between texts: a Map
 * keyed by 32-bit hashes is several times slower, since most such keys are not small integers.
 */
class FeatureList {
  private features = new Int32Array(256);
  private length = 0;

  add(feature: number): void {
    if (this.length === this.features.length) {
      const grown = new Int32Array(this.features.length * 2);
      grown.set(this.features);
      this.features = grown;
    }
    this.features[this.length++] = feature;
  }

  /** Adds each distinct feature to its signed bucket with sublinear term frequency, then empties the list. */
  addTo(vector: Float64Array, weight: number): void {
    const sorted = this.features.subarray(0, this.length).sort();
    for (let start = 0; start < sorted.length;) {
      const feature = sorted[start]!;
      let end = start + 1;
      while (end < sorted.length && sorted[end] === feature) end += 1;
      // A word said ten times is not ten times as much about it.
      vector[bucketOf(feature, vector.length)]! += signOf(feature) * weight * (1 + Math.log(end - start));
      start = end;
    }
    this.length = 0;
  }
}

const wordFeatures = new FeatureList();
const pairFeatures = new FeatureList();
const trigramFeatures = new FeatureList();

/** Adds the 3-grams of `#word#`, so a word's start and end are features of their own. */
function addTrigrams(features: FeatureList, word: string): void {
  const padded = word.length + 2;
  const unitAt = (i: number) => (i === 0 || i === padded - 1 ? WORD_EDGE : word.charCodeAt(i - 1));
  for (let start = 0; start + 3 <= padded; start += 1) {
    let feature = TRIGRAM_KIND;
    for (let i = start; i < start + 3; i += 1) feature = hashCodeUnit(feature, unitAt(i));
    features.add(feature);
  }
}

/**
 * The hash model's vector of `text`: word unigrams, word bigrams and character 3-grams hashed
 * into `dimensions` signed buckets with sublinear term frequency, scaled to unit length.
 * Deterministic; a text without words gets the fixed empty-text vector.
 */
export function hashEmbedding(text: string, dimensions: number): number[] {
  let previous: number | undefined;
  for (const word of wordsOf(text)) {
    wordFeatures.add(hashText(WORD_KIND, word));
    if (previous !== undefined) pairFeatures.add(hashText(hashCodeUnit(previous, WORD_SEPARATOR), word));
    previous = hashText(WORD_PAIR_KIND, word);
    addTrigrams(trigramFeatures, word);
  }
  const vector = new Float64Array(dimensions);
  wordFeatures.addTo(vector, WORD_WEIGHT);
  pairFeatures.addTo(vector, WORD_PAIR_WEIGHT);
  trigramFeatures.addTo(vector, TRIGRAM_WEIGHT);
  return unitVector(vector);
}

/** The built-in hashing model: fast, offline, deterministic; lexical similarity only. */
export function createHashProvider(): EmbeddingProvider {
  return {
    name: "hash",
    async embed(texts, { dimensions, signal }) {
      throwIfCancelled(signal);
      return texts.map((text) => hashEmbedding(text, dimensions));
    },
  };
}
