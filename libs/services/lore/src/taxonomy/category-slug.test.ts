import { CATEGORY_SLUG_MAX_LENGTH } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { firstFreeSlug, slugFromName } from "./category-slug";

describe("slugFromName", () => {
  it("lower-cases words and joins them with single dashes", () => {
    expect(slugFromName("Field Notes & Maps")).toBe("field-notes-maps");
    expect(slugFromName("  --Old__Lore--  ")).toBe("old-lore");
    expect(slugFromName("Chapter 12: The End")).toBe("chapter-12-the-end");
  });

  it("drops accents and falls back to 'category' when no letter or digit is left", () => {
    expect(slugFromName("Ünïcode Café")).toBe("unicode-cafe");
    expect(slugFromName("日本語")).toBe("category");
    expect(slugFromName("!!!")).toBe("category");
  });

  it("stays within the slug length without a trailing dash", () => {
    const slug = slugFromName(`${"a".repeat(CATEGORY_SLUG_MAX_LENGTH - 1)} b`);
    expect(slug).toBe("a".repeat(CATEGORY_SLUG_MAX_LENGTH - 1));
  });
});

describe("firstFreeSlug", () => {
  it("keeps a free slug and otherwise takes the first free numeric suffix", () => {
    expect(firstFreeSlug("maps", new Set())).toBe("maps");
    expect(firstFreeSlug("maps", new Set(["maps"]))).toBe("maps-2");
    expect(firstFreeSlug("maps", new Set(["maps", "maps-2", "maps-3"]))).toBe("maps-4");
  });

  it("shortens a long base so the suffix fits", () => {
    const base = "a".repeat(CATEGORY_SLUG_MAX_LENGTH);
    const slug = firstFreeSlug(base, new Set([base]));
    expect(slug).toBe(`${"a".repeat(CATEGORY_SLUG_MAX_LENGTH - 2)}-2`);
    expect(slug).toHaveLength(CATEGORY_SLUG_MAX_LENGTH);
  });
});
