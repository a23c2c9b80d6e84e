import { describe, expect, it } from "vitest";
import type { ExtractedMention } from "./extracted";
import { mergeMentions } from "./merge-mentions";

function mention(start: number, end: number, extra: Partial<ExtractedMention> = {}): ExtractedMention {
  return {
    start,
    end,
    text: "x".repeat(end - start),
    typeName: "person",
    name: `n${start}-${end}`,
    confidence: 0.6,
    ...extra,
  };
}

describe("mergeMentions", () => {
  it("lets a known entity's mention win over an overlapping guessed one", () => {
    const known = mention(4, 16, { entityId: "e1", confidence: 1 });
    const guessed = mention(0, 10);

    expect(mergeMentions([guessed], [known])).toEqual([known]);
  });

  it("keeps the more confident, then the longer, of overlapping guesses", () => {
    const chat = mention(0, 5, { confidence: 0.8 });
    const longer = mention(0, 12);
    const shorter = mention(6, 9);

    expect(mergeMentions([longer, shorter], [chat])).toEqual([chat, shorter]);
    expect(mergeMentions([longer, shorter])).toEqual([longer]);
  });

  it("keeps one mention of the same entity at the same span", () => {
    const first = mention(0, 5, { name: "Ada" });
    const again = mention(0, 5, { name: " ADA. " });

    expect(mergeMentions([first], [again])).toEqual([first]);
  });

  it("keeps two known entities named by the very same phrase", () => {
    const place = mention(0, 5, { entityId: "paris-place", confidence: 1, typeName: "place" });
    const person = mention(0, 5, { entityId: "paris-person", confidence: 1 });

    expect(mergeMentions([place, person])).toEqual([place, person]);
  });

  it("orders the result by start, keeping non-overlapping mentions of every source", () => {
    const late = mention(20, 25);
    const early = mention(0, 4, { entityId: "e1", confidence: 1 });
    const middle = mention(10, 14, { confidence: 0.8 });

    expect(mergeMentions([late], [middle], [early])).toEqual([early, middle, late]);
  });

  it("merges nothing into nothing", () => {
    expect(mergeMentions()).toEqual([]);
    expect(mergeMentions([], [])).toEqual([]);
  });
});
