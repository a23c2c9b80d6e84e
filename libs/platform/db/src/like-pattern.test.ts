import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsPattern, prefixPattern } from "./like-pattern";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

// Asks Postgres itself, so the test holds for its LIKE and escape rules, not for ours.
async function matches(value: string, pattern: string): Promise<boolean> {
  const { rows } = await sql<{ matches: boolean }>`select ${value} like ${pattern} as matches`.execute(database.db);
  return rows[0]!.matches;
}

describe("LIKE patterns built from client text", () => {
  it("take _ literally: a prefix with an underscore matches no other character in its place", async () => {
    expect(await matches("signing_key.rotated", prefixPattern("signing_key."))).toBe(true);
    expect(await matches("signingXkey.rotated", prefixPattern("signing_key."))).toBe(false);
    expect(await matches("ann_lee@example.test", containsPattern("n_l"))).toBe(true);
    expect(await matches("annelee@example.test", containsPattern("n_l"))).toBe(false);
  });

  it("take % and backslash literally", async () => {
    expect(await matches("50% off", containsPattern("50%"))).toBe(true);
    expect(await matches("500 off", containsPattern("50%"))).toBe(false);
    expect(await matches("c:\\temp", containsPattern("c:\\t"))).toBe(true);
    expect(await matches("c:temp", containsPattern("c:\\t"))).toBe(false);
    expect(await matches("100%", prefixPattern("100%"))).toBe(true);
    expect(await matches("1000", prefixPattern("100%"))).toBe(false);
  });

  it("fold case for contains and keep it for prefixes", async () => {
    expect(containsPattern("Ann")).toBe("%ann%");
    expect(prefixPattern("Member.")).toBe("Member.%");
  });
});
