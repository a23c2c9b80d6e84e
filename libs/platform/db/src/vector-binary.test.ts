import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toVectorBinary } from "./vector-binary";
import { toVectorLiteral } from "./vector-literal";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("toVectorBinary", () => {
  it("reaches pgvector as the same vector its text form gives", async () => {
    const values = [0.5, -1.25, 3, 0.1, 1e-7, -65504];
    const { rows } = await sql<{ binary: string; text: string; same: boolean }>`
      select ${toVectorBinary(values)}::vector::text as binary, ${toVectorLiteral(values)}::vector::text as text,
             ${toVectorBinary(values)}::vector = ${toVectorLiteral(values)}::vector as same
    `.execute(database.db);
    expect(rows[0]).toMatchObject({ same: true });
    expect(rows[0]!.binary).toBe(rows[0]!.text);
  });

  it("serves a cast to a sized vector and to halfvec", async () => {
    const wide = Array.from({ length: 3_000 }, (_, index) => (index % 7) / 8);
    const { rows } = await sql<{ dims: number; half: number }>`
      select vector_dims(${toVectorBinary([1, 2, 3])}::vector(3)) as dims,
             vector_dims(${toVectorBinary(wide)}::vector::halfvec(3000)) as half
    `.execute(database.db);
    expect(rows[0]).toEqual({ dims: 3, half: 3_000 });
  });

  it("refuses components that are not finite numbers, and more components than pgvector takes", () => {
    expect(() => toVectorBinary([1, Number.NaN])).toThrow(RangeError);
    expect(() => toVectorBinary([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => toVectorBinary(new Array<number>(16_001).fill(0))).toThrow(RangeError);
  });
});
