import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeForWire, wireTransformer } from "./wire-transformer";

const when = new Date("2026-03-04T05:06:07.890Z");
const sharedRow = { id: 1 };

const cases: [string, unknown][] = [
  [
    "a page of rows with Dates",
    { items: [1, 2, 3].map((n) => ({ id: `r${n}`, at: new Date(n * 1e12), tags: ["a"] })), next: null },
  ],
  ["undefined in objects and arrays", { a: undefined, b: [undefined, 1, { c: undefined }] }],
  ["keys with dots, backslashes and digits", { "x.y": new Date(1), "a\\b": new Date(2), 5: new Date(3), "": true }],
  ["an object without a prototype", Object.assign(Object.create(null) as object, { at: new Date(4) })],
  ["nothing to annotate", { name: "n", count: 3, ok: false, nested: [[1, 2], { deep: "yes" }] }],
  ["an empty object and array", { o: {}, a: [] }],
  ["a top-level array", [new Date(5), "s", 1]],
  ["a shared Date", { a: when, b: when }],
  ["a shared object", { p: sharedRow, q: sharedRow }],
  ["special numbers", { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negativeZero: -0 }],
  ["a bigint", { big: 10n }],
  ["a Map and a Set", { map: new Map([["k", 1]]), set: new Set([1]) }],
  ["an invalid Date", { at: new Date(Number.NaN) }],
  ["a class instance", { error: new Error("boom"), url: new URL("https://example.test/") }],
  ["a sparse array", { holes: [1, , 3] }],
  ["a top-level Date", when],
  ["top-level undefined", undefined],
  ["top-level primitives", "text"],
];

/** The same JSON as superjson's (annotations may come in another order) and the same value back. */
function expectSameAsSuperjson(value: unknown): void {
  const ours = serializeForWire(value);
  const theirs = superjson.serialize(value);
  expect(JSON.parse(JSON.stringify(ours))).toStrictEqual(JSON.parse(JSON.stringify(theirs)));
  expect(JSON.stringify(ours.json)).toBe(JSON.stringify(theirs.json));
  expect(superjson.deserialize(ours)).toStrictEqual(superjson.deserialize(theirs));
}

describe("serializeForWire", () => {
  it.each(cases)("writes what superjson writes for %s", (_name, value) => {
    expectSameAsSuperjson(value);
  });

  it("round-trips through superjson.deserialize", () => {
    const value = { items: [{ at: when, note: undefined, score: 0.5 }], total: 1 };
    expect(superjson.deserialize(serializeForWire(value))).toEqual(value);
  });

  it("matches superjson on generated values", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const leaf = (): unknown => {
      const pick = Math.floor(random() * 7);
      if (pick === 0) return new Date(Math.floor(random() * 2e12));
      if (pick === 1) return undefined;
      if (pick === 2) return null;
      if (pick === 3) return random() > 0.5;
      if (pick === 4) return Math.floor(random() * 1000) - 500;
      if (pick === 5) return random() * 10;
      return ["plain", "with.dot", "back\\slash", ""][Math.floor(random() * 4)];
    };
    const build = (depth: number): unknown => {
      if (depth === 0 || random() < 0.3) return leaf();
      if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => build(depth - 1));
      const keys = ["a", "b.c", "0", "d\\e", "long key"].filter(() => random() < 0.6);
      return Object.fromEntries(keys.map((key) => [key, build(depth - 1)]));
    };
    for (let run = 0; run < 500; run += 1) {
      const value = { root: build(4) };
      expectSameAsSuperjson(value);
    }
  });
});

describe("wireTransformer.deserialize", () => {
  it.each(cases)("reads back from the wire what superjson reads for %s", (_name, value) => {
    const text = JSON.stringify(serializeForWire(value));
    expect(wireTransformer.deserialize(JSON.parse(text))).toStrictEqual(superjson.deserialize(JSON.parse(text)));
  });
});
