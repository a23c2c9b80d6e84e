import { describe, expect, it } from "vitest";
import { createHashProvider, hashEmbedding } from "./hash-provider";
import { emptyTextVector } from "./unit-vector";

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i]!, 0);
}

function norm(vector: number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

describe("the hash embedding", () => {
  it("gives the same vector for the same text, every time", () => {
    const text = "Tenants keep their documents apart; search finds them by meaning.";
    expect(hashEmbedding(text, 384)).toEqual(hashEmbedding(text, 384));
  });

  it("keeps the vectors it has always given, since stored embeddings depend on them", () => {
    const vector = hashEmbedding("Vector search for tenants", 8).map((value) => Number(value.toFixed(6)));
    expect(vector).toEqual([0.529271, 0.638239, 0.420304, -0.093401, 0, 0.142405, -0.326903, 0]);
  });

  it("returns unit vectors of exactly the asked dimensions, all finite", () => {
    for (const dimensions of [1, 7, 100, 384, 1536]) {
      const vector = hashEmbedding("the quick brown fox jumps over the lazy dog", dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 12);
    }
  });

  it("puts texts sharing words closer than unrelated texts", () => {
    const cat = hashEmbedding("the cat sat on the mat", 384);
    const similar = hashEmbedding("a cat sat on a mat", 384);
    const unrelated = hashEmbedding("quarterly revenue grew", 384);
    expect(cosine(cat, similar)).toBeGreaterThan(0.5);
    expect(cosine(cat, similar)).toBeGreaterThan(cosine(cat, unrelated) + 0.4);
  });

  it("lets inflections and typos share character features", () => {
    const word = hashEmbedding("embeddings", 384);
    expect(cosine(word, hashEmbedding("embedings", 384))).toBeGreaterThan(
      cosine(word, hashEmbedding("quarterly", 384)),
    );
  });

  it("counts word order through word pairs", () => {
    const dogBitesMan = hashEmbedding("dog bites man", 384);
    expect(cosine(dogBitesMan, hashEmbedding("man bites dog", 384))).toBeLessThan(0.99);
    expect(cosine(dogBitesMan, hashEmbedding("Dog, bites: MAN!", 384))).toBeCloseTo(1, 12);
  });

  it("ignores case and compatibility forms, and keeps letters of every script", () => {
    expect(hashEmbedding("ＣＡＦÉ ﬁle", 64)).toEqual(hashEmbedding("café file", 64));
    expect(hashEmbedding("Straße", 64)).not.toEqual(emptyTextVector(64));
    expect(hashEmbedding("नमस्ते दुनिया", 64)).not.toEqual(emptyTextVector(64));
    expect(hashEmbedding("東京", 64)).not.toEqual(hashEmbedding("大阪", 64));
  });

  it("gives text without words the fixed empty-text unit vector", () => {
    const empty = hashEmbedding("", 16);
    expect(empty).toEqual(emptyTextVector(16));
    expect(hashEmbedding("  ... !!! — ", 16)).toEqual(empty);
    expect(norm(empty)).toBeCloseTo(1, 12);
  });

  it("grows a repeated word's weight sublinearly", () => {
    const once = hashEmbedding("search tenants", 384);
    const often = hashEmbedding("search search search search search search search search tenants", 384);
    const onlySearch = hashEmbedding("search", 384);
    expect(cosine(often, onlySearch)).toBeGreaterThan(cosine(once, onlySearch));
    expect(cosine(often, hashEmbedding("tenants", 384))).toBeGreaterThan(0.15);
  });
});

describe("the hash provider", () => {
  it("embeds a batch of ten thousand texts in order", async () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `document ${i} about tenant number ${i % 97}`);
    const vectors = await createHashProvider().embed(texts, { dimensions: 384 });
    expect(vectors).toHaveLength(texts.length);
    expect(vectors[1234]).toEqual(hashEmbedding(texts[1234]!, 384));
    expect(vectors.every((vector) => vector.length === 384 && Math.abs(norm(vector) - 1) < 1e-9)).toBe(true);
  });

  it("refuses to start when the caller has already given up", async () => {
    const cancelled = AbortSignal.abort();
    await expect(createHashProvider().embed(["text"], { dimensions: 8, signal: cancelled })).rejects.toMatchObject({
      kind: "timeout",
    });
  });
});
