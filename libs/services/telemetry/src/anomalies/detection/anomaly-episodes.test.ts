import { describe, expect, it } from "vitest";
import { createEpisodeTracker } from "./anomaly-episodes";

const opened = (cooldown: number, flags: string) => {
  const tracker = createEpisodeTracker(cooldown);
  return [...flags].map((flag) => (tracker.next(flag === "x") ? "o" : ".")).join("");
};

describe("createEpisodeTracker", () => {
  it("opens an episode with every flag when the cooldown is 0", () => {
    expect(opened(0, "..xx.x")).toBe("..oo.o");
  });

  it("folds flags within the cooldown after an opening into its episode", () => {
    expect(opened(3, "xxxx.x...x")).toBe("o....o...o");
  });

  it("counts the cooldown from the opening, however long the flags go on", () => {
    expect(opened(2, "xxxxxxx")).toBe("o..o..o");
  });
});
