import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendChecked, UNANSWERED_STATEMENT } from "./pipelined-dialect";
import { createDatabase } from "./pool";
import type { Database } from "./schema/database.generated";

let database: TestDatabase;
// One connection, so every statement here shares the connection the transactions ran on.
let single: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  single = createDatabase({ url: database.ownerUrl, poolMax: 1 });
});

afterAll(async () => {
  await single?.destroy();
  await database?.destroy();
});

const unanswered = (statement: string) => sql.raw(`${UNANSWERED_STATEMENT}${statement}`);

describe("transactions opened without a round trip of their own", () => {
  it("runs the first statement inside the transaction, so a failure rolls it back", async () => {
    await sql`create temporary table pipelined_notes (note text)`.execute(single);
    await expect(
      single.transaction().execute(async (trx) => {
        await sql`insert into pipelined_notes values ('kept only on commit')`.execute(trx);
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pipelined_notes`.execute(single);
    expect(rows[0]?.count).toBe(0);
  });

  it("raises a failed opening statement instead of handing out the next statement's answer", async () => {
    const answered: unknown[] = [];
    await expect(
      single.transaction().execute(async (trx) => {
        await unanswered("set local statement_timeout = 'not a duration'").execute(trx);
        answered.push((await sql`select 1 as one`.execute(trx)).rows);
      }),
    ).rejects.toThrow(/statement_timeout/);
    expect(answered).toEqual([]);
  });

  it("leaves the connection clean for the next caller after a failed opening", async () => {
    await single
      .transaction()
      .execute(async (trx) => {
        await unanswered("set local app.user_id = 'left behind'; select 1/0").execute(trx);
        await sql`select 1`.execute(trx);
      })
      .catch(() => undefined);
    const { rows } = await sql<{ user_id: string | null; open: boolean }>`
      select current_setting('app.user_id', true) as user_id, now() <> statement_timestamp() as open
    `.execute(single);
    expect(rows[0]).toEqual({ user_id: expect.not.stringContaining("left behind"), open: false });
  });
});

describe("statements whose answer is judged in this process", () => {
  it("hands out the next answer only once the check passed, and raises what it threw instead", async () => {
    const judged: unknown[] = [];
    const { rows } = await single.transaction().execute(async (trx) => {
      await sendChecked(trx, sql`select 1 as one`.compile(trx), (result) => judged.push(result.rows));
      return sql<{ two: number }>`select 2 as two`.execute(trx);
    });
    expect(judged).toEqual([[{ one: 1 }]]);
    expect(rows).toEqual([{ two: 2 }]);

    const handedOut: unknown[] = [];
    await expect(
      single.transaction().execute(async (trx) => {
        await sendChecked(trx, sql`select 1 as one`.compile(trx), () => {
          throw new Error("refused by the check");
        });
        handedOut.push((await sql`select 2 as two`.execute(trx)).rows);
      }),
    ).rejects.toThrow("refused by the check");
    expect(handedOut).toEqual([]);
  });

  it("sends no COMMIT for writes made after a check that refused", async () => {
    await sql`create temporary table checked_notes (note text)`.execute(single);
    await expect(
      single.transaction().execute(async (trx) => {
        await sendChecked(trx, sql`select 1 as one`.compile(trx), () => {
          throw new Error("refused by the check");
        });
        await unanswered("insert into checked_notes values ('written after a refusal')").execute(trx);
      }),
    ).rejects.toThrow("refused by the check");
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from checked_notes`.execute(single);
    expect(rows[0]?.count).toBe(0);
  });
});

describe("read-only transactions", () => {
  it("refuses a write inside one", async () => {
    // Not a temporary table: Postgres lets a read-only transaction write those.
    await sql`create table read_only_notes (note text)`.execute(single);
    await expect(
      single
        .transaction()
        .setAccessMode("read only")
        .execute((trx) => sql`insert into read_only_notes values ('refused')`.execute(trx)),
    ).rejects.toThrow(/read-only transaction/);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from read_only_notes`.execute(single);
    expect(rows[0]?.count).toBe(0);
  });

  it("answers before its COMMIT is answered, and pools the connection only once the COMMIT is", async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((round) =>
        single
          .transaction()
          .setAccessMode("read only")
          .execute(async (trx) => {
            await unanswered(`set local app.user_id = 'reader ${round}'`).execute(trx);
            return (await sql<{ who: string }>`select current_setting('app.user_id') as who`.execute(trx)).rows;
          }),
      ),
    );
    expect(answers).toEqual([[{ who: "reader 1" }], [{ who: "reader 2" }], [{ who: "reader 3" }]]);
    // The one connection served each transaction in turn and is back outside any transaction.
    const { rows } = await sql<{ user_id: string | null; open: boolean }>`
      select current_setting('app.user_id', true) as user_id, now() <> statement_timestamp() as open
    `.execute(single);
    expect(rows[0]).toEqual({ user_id: expect.not.stringContaining("reader"), open: false });
  });

  it("still raises a failed statement nobody waited for", async () => {
    await expect(
      single
        .transaction()
        .setAccessMode("read only")
        .execute(async (trx) => {
          await unanswered("select 1/0").execute(trx);
        }),
    ).rejects.toThrow(/division by zero/);
  });
});
