import { describe, expect, it } from "vitest";
import { knownEntityMentions, type KnownEntity } from "./gazetteer";
import { gazetteerPhrases, nameKey } from "./gazetteer-phrases";

function keysOf(text: string): string[] {
  return gazetteerPhrases(text).keys;
}

describe("gazetteerPhrases", () => {
  it("keys every run of one to four words, lower-cased with whitespace collapsed", () => {
    const keys = keysOf("The Royal  Society\nof Edinburgh met");

    expect(keys).toEqual(
      expect.arrayContaining(["the royal society of", "royal society of edinburgh", "society of edinburgh met"]),
    );
    expect(keys).not.toContain("the royal society of edinburgh");
  });

  it("keys a phrase without its outer punctuation and without a closing possessive", () => {
    const keys = keysOf('Read "Ada Lovelace\'s notes" (London, 1843).');

    expect(keys).toEqual(expect.arrayContaining(["ada lovelace", "ada lovelace's", "london", "1843"]));
  });

  it("keeps inner punctuation, as entity names do", () => {
    expect(keysOf("Shares of AT&T and St. John's rose")).toEqual(
      expect.arrayContaining(["at&t", "st. john's", "st. john"]),
    );
  });

  it("offers the canonical form for canonical names and the plain form for aliases", () => {
    const keys = keysOf("ＡＤＡ Dr.");

    expect(keys).toContain("ada");
    expect(keys).toContain("dr.");
    expect(keys).toContain("dr");
  });

  it("never joins words across a run too long to be a name", () => {
    const keys = keysOf(`New ${"x".repeat(100)} York`);

    expect(keys).toEqual(expect.arrayContaining(["new", "york"]));
    expect(keys.some((key) => key.includes("new") && key.includes("york"))).toBe(false);
  });

  it("stays bounded on hostile text", () => {
    const { phrases, keys } = gazetteerPhrases("a ".repeat(500_000));
    expect(keys.length).toBeLessThan(10);
    expect(phrases.length).toBeLessThan(200_000);
    expect(gazetteerPhrases("x".repeat(1_000_000)).keys).toEqual([]);
  });

  it("matches stored alias keys the way lore.name_keys makes them", () => {
    expect(nameKey("  New\t York ")).toBe("new york");
  });
});

describe("knownEntityMentions", () => {
  const text = "Ada met Charles Babbage's friends in New York City, not York.";
  const entities: KnownEntity[] = [
    { id: "e-ada", name: "Ada Lovelace", type_name: "person", canonical_name: "ada lovelace", alias_keys: ["ada"] },
    { id: "e-cb", name: "Charles Babbage", type_name: "person", canonical_name: "charles babbage", alias_keys: [] },
    { id: "e-nyc", name: "New York City", type_name: "place", canonical_name: "new york city", alias_keys: [] },
    { id: "e-york", name: "York", type_name: "place", canonical_name: "york", alias_keys: [] },
  ];

  it("finds each known entity wherever one of its keys occurs, at exact offsets", () => {
    const { phrases } = gazetteerPhrases(text);
    const mentions = knownEntityMentions(text, phrases, entities);

    for (const mention of mentions) {
      expect(text.slice(mention.start, mention.end)).toBe(mention.text);
      expect(mention.confidence).toBe(1);
    }
    expect(mentions.map(({ text: written, entityId, name }) => [written, entityId, name])).toEqual([
      ["Ada", "e-ada", "Ada Lovelace"],
      ["Charles Babbage", "e-cb", "Charles Babbage"],
      ["New York City", "e-nyc", "New York City"],
      ["York", "e-york", "York"],
      ["York", "e-york", "York"],
    ]);
  });
});
