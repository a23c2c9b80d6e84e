import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapDatabaseError } from "./database-errors";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function errorOf(query: Promise<unknown>): Promise<unknown> {
  return query.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );
}

describe("mapping Postgres errors a client caused", () => {
  it("answers text with a NUL byte as BAD_REQUEST, not as an internal error", async () => {
    const error = await errorOf(sql`select ${"team\u0000name"}::text`.execute(database.db));
    expect(mapDatabaseError(error)?.code).toBe("BAD_REQUEST");
  });

  it("leaves errors that are the server's fault unmapped", async () => {
    const error = await errorOf(sql`select * from public.no_such_table`.execute(database.db));
    expect(mapDatabaseError(error)).toBeNull();
  });
});
