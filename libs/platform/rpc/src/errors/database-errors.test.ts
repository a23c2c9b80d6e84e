import { createDatabase } from "@cauldron/db";
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

  it("answers a database that cannot be reached as SERVICE_UNAVAILABLE with a retry hint", async () => {
    const closedPort = new URL(database.appUrl);
    closedPort.port = "1";
    const unreachable = createDatabase({ url: closedPort.toString(), poolMax: 1 });
    try {
      const mapped = mapDatabaseError(await errorOf(sql`select 1`.execute(unreachable)));
      expect(mapped).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        reason: "database_unavailable",
        retryAfterSeconds: 1,
      });
    } finally {
      await unreachable.destroy();
    }
  });

  it("answers a transaction whose connection the server cut (a restart) as SERVICE_UNAVAILABLE", async () => {
    const error = await errorOf(
      database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(database.db);
        await sql`select 1`.execute(trx);
      }),
    );
    expect(mapDatabaseError(error)).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "database_unavailable" });
  });

  it.each([
    "Connection terminated unexpectedly",
    "Client has encountered a connection error and is not queryable",
    "timeout exceeded when trying to connect",
  ])("answers the pool's %j (its words for a lost server) as SERVICE_UNAVAILABLE", (message) => {
    expect(mapDatabaseError(new Error(message))).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });

  it("answers a pool that hands out no connection in time as SERVICE_UNAVAILABLE", async () => {
    const tiny = createDatabase({ url: database.appUrl, poolMax: 1, connectionTimeoutMs: 1_000 });
    try {
      let release: () => void = () => undefined;
      let entered: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (entered = resolve));
      const held = tiny.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        entered();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      const mapped = mapDatabaseError(await errorOf(sql`select 1`.execute(tiny)));
      release();
      await held;
      expect(mapped).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "database_unavailable" });
    } finally {
      await tiny.destroy();
    }
  });

  it("answers a statement cut off by its timeout as TIMEOUT, not as an internal error", async () => {
    const error = await errorOf(
      database.db.transaction().execute(async (trx) => {
        await sql`set local statement_timeout = 20`.execute(trx);
        await sql`select pg_sleep(1)`.execute(trx);
      }),
    );
    expect(mapDatabaseError(error)).toMatchObject({ code: "TIMEOUT", reason: "statement_timeout" });
  });

  it("leaves errors that are the server's fault unmapped", async () => {
    const error = await errorOf(sql`select * from public.no_such_table`.execute(database.db));
    expect(mapDatabaseError(error)).toBeNull();
  });
});
