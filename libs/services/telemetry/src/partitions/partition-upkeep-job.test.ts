import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionUpkeepJob } from "./partition-upkeep-job";

/*
 * Partition upkeep only has work where the time-series tables are natively partitioned, so this
 * file clones the template built without timescaledb and runs the job as the services' role.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
let database: TestDatabase;

const utcDay = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass
  `.execute(database.db);
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  database = await createTestDatabase({ partitioning: "native" });
});

afterAll(async () => {
  await database?.destroy();
});

describe("partition upkeep job", () => {
  it("creates daily partitions ahead for every partitioned time-series table, as the services' role", async () => {
    const farDay = `p${utcDay(new Date(Date.now() + 12 * DAY_MS))}`;
    expect((await partitionsOf("timeseries.events")).filter((partition) => partition.endsWith(farDay))).toEqual([]);

    const job = partitionUpkeepJob({ daysAhead: 12 });
    await job.run({
      db: database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

    for (const table of ["events", "system_metrics", "business_metrics", "alerts"]) {
      expect(await partitionsOf(`timeseries.${table}`)).toContain(`${table}_${farDay}`);
    }
  });

  it("leaves the DDL to the owner's definer function: the services' role cannot create a partition itself", async () => {
    await expect(
      sql`create table timeseries.events_rogue partition of timeseries.events for values from ('2001-01-01') to ('2001-01-02')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/permission denied|must be owner/);
  });
});
