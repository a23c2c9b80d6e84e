import { describe, expect, it } from "vitest";
import { decodeNameCursor, decodeTimeCursor, encodeCursor, InvalidCursorError, toPage } from "./keyset";

const ID = "0b8f7a52-63a4-4b4e-9a57-2d0c7bc1f6a1";

describe("keyset cursors", () => {
  it("gives back the exact microsecond position a page ended at", () => {
    const key = { at: "2026-12-02T10:11:12.123456Z", id: ID };
    expect(decodeTimeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeNameCursor(encodeCursor({ name: "Ops", id: ID }))).toEqual({ name: "Ops", id: ID });
    expect(decodeTimeCursor(undefined)).toBeNull();
  });

  it("refuses a cursor no list returned: garbage, another list's key, or a key carrying SQL", () => {
    expect(() => decodeTimeCursor("garbage")).toThrow(InvalidCursorError);
    expect(() => decodeTimeCursor(encodeCursor({ name: "Ops", id: ID }))).toThrow(InvalidCursorError);
    expect(() => decodeTimeCursor(encodeCursor({ at: "now()); drop table users; --", id: ID }))).toThrow(
      InvalidCursorError,
    );
    expect(() => decodeNameCursor(encodeCursor({ name: "Ops", id: "1 or 1=1" }))).toThrow(InvalidCursorError);
  });

  it("offers a next cursor only when one more row than the limit was fetched", () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: `2026-12-02T10:11:1${n}.000000Z`, id: ID }));
    const full = toPage(
      rows,
      2,
      (row) => row.n,
      (row) => ({ at: row.at, id: row.id }),
    );
    expect(full.items).toEqual([1, 2]);
    expect(decodeTimeCursor(full.nextCursor ?? undefined)).toEqual({ at: rows[1]!.at, id: ID });
    expect(
      toPage(
        rows,
        3,
        (row) => row.n,
        (row) => ({ at: row.at, id: row.id }),
      ).nextCursor,
    ).toBeNull();
  });
});
