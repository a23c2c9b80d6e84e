import { describe, expect, it } from "vitest";
import { distinctAliases } from "./entity-aliases";

describe("distinctAliases", () => {
  it("drops repeats and the entity's own name under any spelling, keeping the first spelling", () => {
    expect(
      distinctAliases("Ada Lovelace", ["Countess", "ADA LOVELACE", "countess.", "A. King", "Ada  lovelace"]),
    ).toEqual(["Countess", "A. King"]);
  });

  it("drops aliases made only of punctuation", () => {
    expect(distinctAliases("London", ["...", "The Smoke"])).toEqual(["The Smoke"]);
  });
});
