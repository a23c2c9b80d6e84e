import { describe, expect, it } from "vitest";
import { answerOnEverySide } from "./query-load";

describe("answerOnEverySide", () => {
  it("answers every query once on each side and keeps the answers in query order", async () => {
    const asked = { doubled: [] as number[], negated: [] as number[] };
    const lane = (side: keyof typeof asked, answer: (position: number) => number) => async (position: number) => {
      asked[side].push(position);
      await new Promise((resolve) => setImmediate(resolve));
      return answer(position);
    };
    const results = await answerOnEverySide(
      10,
      {
        doubled: [lane("doubled", (position) => position * 2), lane("doubled", (position) => position * 2)],
        negated: [lane("negated", (position) => -position)],
      },
      { warmup: 3, chunks: 3 },
    );
    expect(results.doubled.answers).toEqual(Array.from({ length: 10 }, (_, position) => position * 2));
    expect(results.negated.answers).toEqual(Array.from({ length: 10 }, (_, position) => -position));
    expect(results.doubled.calls).toBe(10);
    // The warm-up asks the first queries once more, untimed.
    expect([...asked.doubled].sort((a, b) => a - b)).toEqual([0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
