import { describe, expect, it } from "vitest";
import { isStorableMetadata, MAX_USER_METADATA_DEPTH } from "./user-metadata";

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: "text" };
  for (let level = 1; level < depth; level += 1) value = { inner: value };
  return value;
};

describe("isStorableMetadata", () => {
  it("takes plain JSON objects, with Unicode text and arrays, nested up to the limit", () => {
    expect(isStorableMetadata({ owner: "Zoë 🐈", tags: ["a", 1, true, null], size: { w: 1 } })).toBe(true);
    expect(isStorableMetadata(nested(MAX_USER_METADATA_DEPTH))).toBe(true);
  });

  it("refuses text the database cannot keep: NUL or an unpaired surrogate, in a key or a value", () => {
    expect(isStorableMetadata(JSON.parse('{"note":"a\\u0000b"}') as Record<string, unknown>)).toBe(false);
    expect(isStorableMetadata(JSON.parse('{"a\\u0000":1}') as Record<string, unknown>)).toBe(false);
    expect(isStorableMetadata(JSON.parse('{"list":["\\ud800"]}') as Record<string, unknown>)).toBe(false);
  });

  it("refuses nesting deeper than the limit, without walking all of it", () => {
    expect(isStorableMetadata(nested(MAX_USER_METADATA_DEPTH + 1))).toBe(false);
    const deep = JSON.parse(`{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`) as Record<string, unknown>;
    expect(isStorableMetadata(deep)).toBe(false);
  });
});
