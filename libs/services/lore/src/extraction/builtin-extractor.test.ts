import { describe, expect, it } from "vitest";
import { BUILTIN_CONFIDENCE, createBuiltinExtractor } from "./builtin-extractor";
import type { ExtractedMention } from "./extracted";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectExactOffsets(text: string, mentions: ExtractedMention[]): void {
  for (const mention of mentions) expect(text.slice(mention.start, mention.end)).toBe(mention.text);
}

describe("the built-in extractor", () => {
  const extractor = createBuiltinExtractor();

  it("finds people, places and organizations at exact offsets", async () => {
    const text = "Ada Lovelace met Charles Babbage in London.\n\nLater Microsoft hired John Smith in Paris.";
    const { mentions, relations } = await extractor.extract(text);

    expectExactOffsets(text, mentions);
    const found = mentions.map(({ text: written, typeName }) => [written, typeName]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["Ada Lovelace", "person"],
        ["Charles Babbage", "person"],
        ["John Smith", "person"],
        ["London", "place"],
        ["Paris", "place"],
        ["Microsoft", "organization"],
      ]),
    );
    expect(mentions.every((mention) => mention.confidence === BUILTIN_CONFIDENCE)).toBe(true);
    expect(relations).toEqual([]);
  });

  it("leaves out trailing punctuation and possessives", async () => {
    const text = 'The notes of Grace Hopper\'s team reached IBM. Then "Alan Turing" wrote back.';
    const { mentions } = await extractor.extract(text);

    expectExactOffsets(text, mentions);
    const written = mentions.map((mention) => mention.text);
    expect(written).toContain("Grace Hopper");
    expect(written).toContain("IBM");
    expect(written).toContain("Alan Turing");
  });

  it("keeps offsets exact around emoji, combining marks and other scripts", async () => {
    const text = "👩‍👩‍👧 東京 e\u0301e\u0301 Jose\u0301 Nu\u0301n\u0303ez visited Berlin with Mary Jones 🎉.";
    const { mentions } = await extractor.extract(text);

    expectExactOffsets(text, mentions);
    expect(mentions.map((mention) => mention.text)).toContain("Mary Jones");
    for (const mention of mentions) {
      expect(mention.text).not.toMatch(/^\p{M}/u);
      expect(mention.text).not.toMatch(LONE_SURROGATE);
    }
  });

  it("finds names beyond the first window at offsets into the whole text", async () => {
    const small = createBuiltinExtractor({ windowLength: 200, maxLength: 10_000 });
    const text = `${"the cat sat on the mat. ".repeat(40)}Then Barack Obama flew to Chicago.`;
    const { mentions } = await small.extract(text);

    expectExactOffsets(text, mentions);
    expect(mentions.map((mention) => mention.text)).toEqual(expect.arrayContaining(["Barack Obama", "Chicago"]));
  });

  it("reads only up to its length limit", async () => {
    const small = createBuiltinExtractor({ windowLength: 200, maxLength: 400 });
    const text = `${"the cat sat on the mat. ".repeat(40)}Then Barack Obama flew to Chicago.`;

    expect((await small.extract(text)).mentions).toEqual([]);
  });

  it("stays quick and well-formed on hostile text", async () => {
    const hostile = [
      "x".repeat(1_000_000),
      "A".repeat(300_000),
      "ABC DEF ".repeat(100_000),
      "\u200b".repeat(200_000),
      `e${"\u0301".repeat(100_000)}`,
      "\ud800".repeat(10_000) + " Ada Lovelace " + "\udfff".repeat(10_000),
      ".,;!?".repeat(100_000),
      "\n".repeat(100_000),
    ];
    for (const text of hostile) {
      const { mentions } = await extractor.extract(text);
      expectExactOffsets(text, mentions);
      expect(mentions.length).toBeLessThanOrEqual(2_000);
    }
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped by the caller"));

    await expect(extractor.extract("Ada Lovelace met Charles Babbage.", controller.signal)).rejects.toThrow(
      "stopped by the caller",
    );
  });
});
