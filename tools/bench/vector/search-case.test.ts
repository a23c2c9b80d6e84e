import { unpackVector } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { baseRowOf, queryVector, rowsOfIds } from "./search-case";
import { rowLiteral, rowNumbers, type VectorSet } from "./vector-set";

describe("search cases", () => {
  it("maps stored ids back to their rows and fails on an id the organization never stored", () => {
    const rowOfId = rowsOfIds(["a", "b"], [40, 41]);
    expect(baseRowOf(rowOfId, "b")).toBe(41);
    expect(() => baseRowOf(rowOfId, "c")).toThrow(/never stored/);
  });

  it("formats a query so that it reads back as the same float32 values", () => {
    const queries: VectorSet = { count: 1, dimensions: 3, values: Float32Array.from([0.1, -2.5e-7, 123.456]) };
    const { numbers, packed, literal } = queryVector({ queries, queryRows: [0], topK: 1 }, 0);
    expect(Float32Array.from(numbers)).toEqual(queries.values);
    expect(unpackVector(packed)).toEqual({ values: Array.from(queries.values) });
    expect(literal).toBe(rowLiteral(queries, 0));
    expect(Float32Array.from(JSON.parse(literal) as number[])).toEqual(queries.values);
    expect(rowNumbers(queries, 0)).toEqual(numbers);
  });
});
