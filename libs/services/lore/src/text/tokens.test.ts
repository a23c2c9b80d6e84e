import { countTokens as countWithLibrary, decode, encode } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { handbookText, randomText, seededRandom } from "./text-test-fixtures";
import { isPieceBoundary } from "./tokenizer-segments";
import { countTokens, tokenEndOffsets } from "./tokens";

const AS_TEXT = { disallowedSpecial: new Set<string>() };

describe("countTokens", () => {
  it("counts cl100k tokens", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("Café naïve 日本語 🎉")).toBe(encode("Café naïve 日本語 🎉").length);
  });

  it("counts special-token markers as ordinary text instead of throwing", () => {
    expect(countTokens("<|endoftext|> and <|im_start|>")).toBe(
      countWithLibrary("<|endoftext|> and <|im_start|>", AS_TEXT),
    );
    expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("agrees with a whole-text count on long and mixed texts", () => {
    const random = seededRandom(7);
    for (let sample = 0; sample < 20; sample++) {
      const text = randomText(random, 20_000);
      expect(countTokens(text)).toBe(countWithLibrary(text, AS_TEXT));
    }
    const handbook = handbookText(200_000);
    expect(countTokens(handbook)).toBe(countWithLibrary(handbook, AS_TEXT));
  });

  it("counts a megabyte without a single break", () => {
    expect(countTokens("a".repeat(1_000_000))).toBeGreaterThan(100_000);
    expect(countTokens("日本".repeat(500_000))).toBeGreaterThan(500_000);
    expect(countTokens(" ".repeat(1_000_000))).toBeGreaterThan(1_000);
  });
});

describe("isPieceBoundary", () => {
  it("only marks offsets where the counts of both sides add up to the whole", () => {
    const random = seededRandom(11);
    let checked = 0;
    for (let sample = 0; sample < 40; sample++) {
      const text = randomText(random, 300);
      for (let offset = 1; offset < text.length; offset++) {
        if (!isPieceBoundary(text, offset)) continue;
        const parts = countWithLibrary(text.slice(0, offset), AS_TEXT) + countWithLibrary(text.slice(offset), AS_TEXT);
        expect(parts, JSON.stringify([text.slice(0, offset), text.slice(offset)])).toBe(
          countWithLibrary(text, AS_TEXT),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it("never marks the middle of a surrogate pair", () => {
    expect(isPieceBoundary("a🎉b", 2)).toBe(false);
  });
});

describe("tokenEndOffsets", () => {
  it("gives one end per token, ending at the text's end", () => {
    const text = "Hello, world! Café 日本語.";
    const ends = tokenEndOffsets(text);
    expect(ends).toHaveLength(encode(text).length);
    expect(ends.at(-1)).toBe(text.length);
  });

  it("marks tokens that end inside a character's UTF-8 bytes with -1", () => {
    const ends = tokenEndOffsets("🎉");
    expect(ends.at(-1)).toBe(2);
    expect(ends.slice(0, -1).every((end) => end === -1)).toBe(true);
  });

  it("maps each token to the offset whose prefix is exactly the text its tokens decode to", () => {
    const random = seededRandom(3);
    for (let sample = 0; sample < 20; sample++) {
      const text = randomText(random, 300);
      const tokens = encode(text, AS_TEXT);
      const ends = tokenEndOffsets(text);
      ends.forEach((end, index) => {
        if (end !== -1) expect(decode(tokens.slice(0, index + 1))).toBe(text.slice(0, end));
      });
      expect(ends.at(-1)).toBe(text.length);
    }
  });

  it("treats a lone surrogate as the replacement character the tokenizer sees", () => {
    expect(tokenEndOffsets("a\ud800b").at(-1)).toBe(3);
  });
});
