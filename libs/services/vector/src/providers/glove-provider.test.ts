import { beforeAll, describe, expect, it } from "vitest";
import type { EmbeddingProvider } from "./embedding-provider";
import { createGloveProvider } from "./glove-provider";
import { emptyTextVector } from "./unit-vector";

// Reads the real 300 MB word vector file once for this whole file.
const LOAD_TIMEOUT_MS = 60_000;

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i]!, 0);
}

let glove: EmbeddingProvider;
const embed = async (...texts: string[]) => glove.embed(texts, { dimensions: 100 });

beforeAll(async () => {
  glove = createGloveProvider();
  // Two callers at once share one read of the file.
  await Promise.all([embed("warm up"), createGloveProvider().embed(["warm up"], { dimensions: 100 })]);
}, LOAD_TIMEOUT_MS);

describe("the word vector provider", () => {
  it("ranks a paraphrase above unrelated text", async () => {
    const [cat, kitten, revenue] = await embed(
      "the cat sat on the mat",
      "a kitten was sitting on the rug",
      "quarterly revenue grew",
    );
    expect(cosine(cat!, kitten!)).toBeGreaterThan(cosine(cat!, revenue!) + 0.3);
    expect(cosine(kitten!, cat!)).toBeGreaterThan(cosine(kitten!, revenue!) + 0.3);
  });

  it("relates texts that share no word but share meaning", async () => {
    const [revenue, sales, weather] = await embed(
      "quarterly revenue grew",
      "sales increased this quarter",
      "heavy rain is expected tomorrow",
    );
    expect(cosine(revenue!, sales!)).toBeGreaterThan(cosine(revenue!, weather!));
  });

  it("returns unit vectors of 100 finite numbers", async () => {
    for (const vector of await embed("Organizations keep their knowledge apart", "x")) {
      expect(vector).toHaveLength(100);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 9);
    }
  });

  it("lets frequent words count for little next to content words", async () => {
    const [plain, padded] = await embed("revenue grew", "the revenue of the company, it grew and it was the");
    const [company] = await embed("company");
    expect(cosine(plain!, padded!)).toBeGreaterThan(cosine(padded!, company!));
  });

  it("finds accented spellings under their folded form and skips unknown words", async () => {
    const [accented, folded, withNoise] = await embed("café naïve", "cafe naive", "café naïve qwzxvbnrtk");
    expect(cosine(accented!, folded!)).toBeCloseTo(1, 6);
    expect(cosine(accented!, withNoise!)).toBeCloseTo(1, 6);
  });

  it("gives text without a known word the fixed empty-text vector", async () => {
    const [empty, unknown, punctuation] = await embed("", "qwzxvbnrtk zzqqxxjj", "?!");
    expect(empty).toEqual(emptyTextVector(100));
    expect(unknown).toEqual(emptyTextVector(100));
    expect(punctuation).toEqual(emptyTextVector(100));
  });
});
