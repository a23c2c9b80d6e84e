import { describe, expect, it } from "vitest";
import { EmbeddingProviderError } from "./embedding-provider";
import type { WordVectors } from "./word-vector-file";
import { sharedWordVectors } from "./word-vectors";

const tinyVocabulary: WordVectors = {
  dimensions: 2,
  rows: new Map([["cat", 0]]),
  vectors: Float32Array.from([0.6, 0.8]),
  ranks: Int32Array.from([0]),
};

describe("loading word vectors once per process", () => {
  it("reads once for callers who arrive together and for those who come later", async () => {
    let reads = 0;
    let finishRead: (words: WordVectors) => void = () => {};
    const load = sharedWordVectors(() => {
      reads += 1;
      return new Promise<WordVectors>((resolve) => (finishRead = resolve));
    });
    const waiting = [load(), load(), load()];
    finishRead(tinyVocabulary);
    expect(await Promise.all(waiting)).toEqual([tinyVocabulary, tinyVocabulary, tinyVocabulary]);
    expect(await load()).toBe(tinyVocabulary);
    expect(reads).toBe(1);
  });

  it("reports a failed read as a configuration problem, and reads again on the next call", async () => {
    let reads = 0;
    const load = sharedWordVectors(async () => {
      reads += 1;
      if (reads === 1) throw new Error("ENOENT: no such file");
      return tinyVocabulary;
    });
    const failure = await load().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmbeddingProviderError);
    expect(failure).toMatchObject({ kind: "configuration" });
    expect(await load()).toBe(tinyVocabulary);
    expect(reads).toBe(2);
  });
});
