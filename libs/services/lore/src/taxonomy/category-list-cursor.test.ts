import { encodeCursor, InvalidCursorError } from "@cauldron/db";
import { describe, expect, it } from "vitest";
import { categoryCursorKey, decodeCategoryCursor } from "./category-list-cursor";

const ID = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";

describe("category list cursors", () => {
  it("carry the sort order, the name (colons included) and the id of the last category", () => {
    const cursor = encodeCursor(categoryCursorKey({ sort_order: -3, name: "Maps: old", id: ID }));
    expect(decodeCategoryCursor(cursor)).toEqual({ sortOrder: -3, name: "Maps: old", id: ID });
    expect(decodeCategoryCursor(undefined)).toBeNull();
  });

  it("refuse a cursor of another list", () => {
    expect(() => decodeCategoryCursor(encodeCursor({ name: "Maps", id: ID }))).toThrow(InvalidCursorError);
  });
});
