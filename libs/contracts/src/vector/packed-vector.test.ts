import { describe, expect, it } from "vitest";
import { MAX_VECTOR_DIMENSIONS, packVector, unpackVector, vectorInputSchema } from "./packed-vector";
import { searchInputSchema } from "./search";

function refusal(value: unknown): string {
  const parsed = vectorInputSchema.safeParse(value);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return parsed.error.issues.map((issue) => issue.message).join("; ");
}

describe("packed vectors", () => {
  it("round-trips every component at float32 precision, one to three bytes of padding alike", () => {
    for (const length of [1, 2, 3, 4, 100, 784]) {
      const values = Array.from({ length }, (_, i) => Math.fround(Math.sin(i + 1) * 10 ** ((i % 7) - 3)));
      const packed = packVector(values);
      expect(packed).toBe(Buffer.from(Float32Array.from(values).buffer).toString("base64"));
      expect(unpackVector(packed)).toEqual({ values });
    }
  });

  it("rounds to float32 as pgvector stores it, and packs any array-like of numbers", () => {
    expect(unpackVector(packVector([0.1, -2]))).toEqual({ values: [Math.fround(0.1), -2] });
    expect(unpackVector(packVector(new Float64Array([1.5, 3])))).toEqual({ values: [1.5, 3] });
  });

  it("is read by the search input as the numbers it packs", () => {
    const input = searchInputSchema.parse({ vector: packVector([0.5, -1, 3.25]) });
    expect(input.vector).toEqual([0.5, -1, 3.25]);
  });

  it("refuses text that is not whole float32 components in base64, and non-finite components", () => {
    expect(refusal("not base64!")).toMatch(/base64/);
    expect(refusal("AAAAPwAAgL8AAF")).toMatch(/base64/);
    expect(refusal("AAAA")).toMatch(/whole float32 components/);
    expect(refusal("")).toMatch(/whole float32 components/);
    expect(refusal(packVector([1, Number.NaN]))).toBe("component 1 is not a finite number");
    expect(refusal(packVector([Number.POSITIVE_INFINITY]))).toBe("component 0 is not a finite number");
  });

  it("holds packed and plain vectors to the same size limit", () => {
    const largest = new Array<number>(MAX_VECTOR_DIMENSIONS).fill(0.25);
    expect(vectorInputSchema.parse(packVector(largest))).toHaveLength(MAX_VECTOR_DIMENSIONS);
    expect(refusal(packVector([...largest, 1]))).toBe(`a vector has at most ${MAX_VECTOR_DIMENSIONS} components`);
    expect(refusal([...largest, 1])).toMatch(/<=4000/);
  });

  it("names the component of a plain vector that is not a number", () => {
    expect(refusal([1, "2"])).toBe("component 1: Invalid input: expected number, received string");
    expect(refusal([1, Number.POSITIVE_INFINITY])).toMatch(/^component 1:/);
    expect(refusal({ 0: 1 })).toMatch(/expected array/);
  });
});
