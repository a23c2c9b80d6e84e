import { describe, expect, it } from "vitest";
import { graphTypeName } from "./graph-type-name";

describe("graphTypeName", () => {
  it("names one type however an extractor spells it", () => {
    expect(graphTypeName(" Works for ")).toBe("works_for");
    expect(graphTypeName("works-for")).toBe("works_for");
    expect(graphTypeName("PERSON")).toBe("person");
  });

  it("refuses a name with nothing left or too long to be a type", () => {
    expect(graphTypeName(" ... ")).toBeUndefined();
    expect(graphTypeName("x".repeat(65))).toBeUndefined();
  });
});
