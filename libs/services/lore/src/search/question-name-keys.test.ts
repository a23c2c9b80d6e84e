import { describe, expect, it } from "vitest";
import { questionNameKeys } from "./question-name-keys";

describe("questionNameKeys", () => {
  it("looks up every run of one to four words in canonical form", () => {
    const { keys } = questionNameKeys("What did  Ada LOVELACE write?");
    expect(keys).toEqual(
      expect.arrayContaining([
        "what",
        "ada",
        "lovelace",
        "write",
        "ada lovelace",
        "did ada lovelace",
        "what did ada lovelace",
      ]),
    );
    expect(keys).not.toContain("what did ada lovelace write");
  });

  it("trims punctuation around a phrase but keeps it inside", () => {
    const { keys } = questionNameKeys('Who was "A. Lovelace", really?');
    expect(keys).toContain("a. lovelace");
    expect(keys).toContain("lovelace");
    expect(keys).not.toContain('"a.');
  });

  it("probes only phrases long enough to resemble a name by their trigrams", () => {
    const { keys, probes } = questionNameKeys("Is Ada a poet");
    expect(keys).toContain("ada");
    expect(probes).not.toContain("ada");
    expect(probes).toContain("poet");
    expect(probes).toContain("is ada");
  });

  it("has nothing to look up in punctuation alone", () => {
    expect(questionNameKeys("?! …")).toEqual({ keys: [], probes: [] });
  });

  it("bounds what a long question looks up", () => {
    const question = Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ");
    const { keys, probes } = questionNameKeys(question);
    expect(keys.length).toBeLessThanOrEqual(2_000);
    expect(probes.length).toBeLessThanOrEqual(200);
  });
});
