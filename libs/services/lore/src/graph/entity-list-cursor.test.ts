import { InvalidCursorError } from "@cauldron/db";
import { describe, expect, it } from "vitest";
import { decodeRankCursor, encodeRankCursor } from "./entity-list-cursor";

describe("ranked entity list cursors", () => {
  it("round-trips a rank exactly", () => {
    const key = { rank: 0.30000001192092896, id: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9" };
    expect(decodeRankCursor(encodeRankCursor(key))).toEqual(key);
    expect(decodeRankCursor(undefined)).toBeNull();
  });

  it("refuses cursors no ranked list returned", () => {
    const nameCursor = Buffer.from(JSON.stringify({ name: "a", id: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9" })).toString(
      "base64url",
    );
    for (const cursor of ["not a cursor", nameCursor, Buffer.from("null").toString("base64url")]) {
      expect(() => decodeRankCursor(cursor)).toThrow(InvalidCursorError);
    }
  });
});
