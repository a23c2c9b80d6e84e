import { describe, expect, it } from "vitest";
import { canonicalName } from "./canonical-name";

describe("canonicalName", () => {
  it("names one entity whatever its case, spacing and surrounding punctuation", () => {
    expect(canonicalName(" LONDON. ")).toBe("london");
    expect(canonicalName("Ada\u00a0 Lovelace")).toBe("ada lovelace");
    expect(canonicalName("\uff21\uff24\uff21")).toBe("ada");
  });

  it("keeps punctuation inside a name", () => {
    expect(canonicalName("AT&T")).toBe("at&t");
    expect(canonicalName("St. John's")).toBe("st. john's");
  });
});
