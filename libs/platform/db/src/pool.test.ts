import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./pool";

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

describe("createDatabase session limits", () => {
  const pools: ReturnType<typeof createDatabase>[] = [];
  const limitedPool = (options: Omit<Parameters<typeof createDatabase>[0], "url">) => {
    const pool = createDatabase({ url: database.appUrl, ...options });
    pools.push(pool);
    return pool;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
  });

  it("ends a session left idle inside a transaction, without taking the process down, and serves the next query", async () => {
    const db = limitedPool({
      poolMax: 1,
      idleInTransactionTimeoutMs: 100,
      applicationName: "idle-in-transaction-spec",
    });
    const abandoned = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await sleep(600);
      return sql`select 1`.execute(trx);
    });
    await expect(abandoned).rejects.toThrow();
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(db);
    expect(rows).toEqual([{ answer: 42 }]);
    const lingering = await sql<{ count: number }>`
      select count(*) as count from pg_stat_activity
      where application_name = 'idle-in-transaction-spec' and state like 'idle in transaction%'
    `.execute(database.ownerDb);
    expect(lingering.rows[0]?.count).toBe(0);
  });

  it("cancels a statement that runs past the statement timeout", async () => {
    const db = limitedPool({ poolMax: 1, statementTimeoutMs: 50 });
    await expect(sql`select pg_sleep(5)`.execute(db)).rejects.toMatchObject({ code: "57014" });
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });

  it("fails a query that waits for a pooled connection longer than the acquire timeout", async () => {
    const db = limitedPool({ poolMax: 1, connectionTimeoutMs: 1_000 });
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      entered();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await inside;
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/timeout/i);
    release();
    await holding;
  });
});
