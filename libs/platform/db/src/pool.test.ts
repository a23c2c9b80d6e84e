import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("createDatabase type parsing", () => {
  it("returns bigint, numeric and their arrays as numbers", async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select count(*) as count, 12345678901::int8 as big, 1.25::numeric as ratio,
             array[1, 2]::int8[] as bigs, array[0.5, null]::numeric[] as ratios
    `.execute(database.db);
    expect(rows[0]).toEqual({ count: 1, big: 12345678901, ratio: 1.25, bigs: [1, 2], ratios: [0.5, null] });
  });

  it("refuses a bigint beyond JavaScript's safe integers instead of rounding it", async () => {
    await expect(sql`select 9007199254740993::int8 as too_big`.execute(database.db)).rejects.toThrow(/safe integer/);
  });

  it("keeps dates and intervals in Postgres's text form, and timestamps as Dates", async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select date '2026-11-26' as day, interval '90 minutes' as span, timestamptz '2026-11-26T10:00:00Z' as at
    `.execute(database.db);
    expect(rows[0]).toEqual({ day: "2026-11-26", span: "01:30:00", at: new Date("2026-11-26T10:00:00Z") });
  });
});
