import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./pool";
import type { Database } from "./schema/database.generated";
import { sendUnanswered } from "./unanswered-write";

let database: TestDatabase;
// One connection, so the temporary table is seen by every transaction here.
let single: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  single = createDatabase({ url: database.ownerUrl, poolMax: 1 });
  await sql`create temporary table unanswered_notes (note text not null)`.execute(single);
});

afterAll(async () => {
  await single?.destroy();
  await database?.destroy();
});

// The temporary table is not in the generated schema; the builder needs only its name and columns.
const notes = (trx: Kysely<Database>) =>
  (trx as unknown as Kysely<{ unanswered_notes: { note: string | null } }>).insertInto("unanswered_notes");

async function countNotes(): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from unanswered_notes`.execute(single);
  return rows[0]?.count ?? 0;
}

describe("writes sent without waiting for their answer", () => {
  it("commits them with the transaction, in the order they were sent", async () => {
    await single.transaction().execute(async (trx) => {
      await sendUnanswered(trx, notes(trx).values({ note: "first" }));
      await sendUnanswered(trx, notes(trx).values({ note: "second" }));
    });
    const { rows } = await sql<{ note: string }>`select note from unanswered_notes order by ctid`.execute(single);
    expect(rows.map((row) => row.note)).toEqual(["first", "second"]);
  });

  it("raises a failed write at the next answered statement and rolls the transaction back", async () => {
    const before = await countNotes();
    const answered: unknown[] = [];
    await expect(
      single.transaction().execute(async (trx) => {
        await sendUnanswered(trx, notes(trx).values({ note: "kept only on commit" }));
        await sendUnanswered(trx, notes(trx).values({ note: null }));
        answered.push((await sql`select 1 as one`.execute(trx)).rows);
      }),
    ).rejects.toThrow(/null value/);
    expect(answered).toEqual([]);
    expect(await countNotes()).toBe(before);
  });

  it("raises a failed last write at commit and keeps none of the transaction", async () => {
    const before = await countNotes();
    await expect(
      single.transaction().execute(async (trx) => {
        await sendUnanswered(trx, notes(trx).values({ note: "kept only on commit" }));
        await sendUnanswered(trx, notes(trx).values({ note: null }));
      }),
    ).rejects.toThrow(/null value/);
    expect(await countNotes()).toBe(before);

    // The connection is clean for the next transaction: it commits what it wrote.
    await single.transaction().execute(async (trx) => {
      await sendUnanswered(trx, notes(trx).values({ note: "after a failed commit" }));
    });
    expect(await countNotes()).toBe(before + 1);
  });

  it("keeps nothing when a write fails before later writes that would succeed", async () => {
    const before = await countNotes();
    await expect(
      single.transaction().execute(async (trx) => {
        await sendUnanswered(trx, notes(trx).values({ note: null }));
        await sendUnanswered(trx, notes(trx).values({ note: "sent after the failure" }));
      }),
    ).rejects.toThrow(/null value/);
    expect(await countNotes()).toBe(before);
  });
});
