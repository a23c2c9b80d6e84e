import { createTestDatabase, createTestPeople, createTestSigner, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectForCopy, type IngestTenant } from "./ingest-copy-baseline";
import { copyIn } from "./ingest-copy-in";
import { copyStatement, copyTextChunks } from "./ingest-copy-text";
import { ingestBenchPoints } from "./ingest-points";
import { checkTally, emptyIngestTables, expectedTally, tallyIngestedRows } from "./ingest-table";

let database: TestDatabase;
let tenant: IngestTenant;
let stranger: IngestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  const people = createTestPeople(database, await createTestSigner());
  const [mine, theirs] = await Promise.all([people.createOrganization("copy"), people.createOrganization("other")]);
  tenant = { userId: mine.owner.id, organizationId: mine.id };
  stranger = { userId: theirs.owner.id, organizationId: theirs.id };
});

afterAll(async () => {
  await database?.destroy();
});

async function copyAsTheServicesRole(): Promise<number> {
  const client = new pg.Client({ connectionString: database.appUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('app.org_id', $1, true)", [tenant.organizationId]);
    const chunks = copyTextChunks(ingestBenchPoints(10, new Date()), tenant.organizationId);
    return await copyIn(client, copyStatement("timeseries.business_metrics"), chunks);
  } finally {
    await client.end();
  }
}

describe("the COPY baseline", () => {
  it("cannot COPY into the table as the services' role itself: PostgreSQL refuses it under row-level security", async () => {
    await expect(copyAsTheServicesRole()).rejects.toThrow("COPY FROM not supported with row-level security");
  });

  it.each(["system", "staged"] as const)(
    "loads every point exactly as the points say in %s mode, text needing escapes included",
    async (mode) => {
      await emptyIngestTables(database.ownerUrl);
      const points = ingestBenchPoints(5_000, new Date());
      points[7]!.dimensions.note = 'tab\there, back\\slash, "quote", new\nline';
      const copy = await connectForCopy(database.appUrl, tenant);
      try {
        expect(await copy.copy(points, mode)).toBe(5_000);
      } finally {
        await copy.close();
      }
      checkTally(mode, await tallyIngestedRows(database.appUrl, tenant), expectedTally(points));
      const noted = await database.ownerDb
        .selectFrom("timeseries.business_metrics")
        .select("dimensions")
        .where(sql<boolean>`dimensions ? 'note'`)
        .execute();
      expect(noted).toEqual([{ dimensions: points[7]!.dimensions }]);
      expect((await tallyIngestedRows(database.appUrl, stranger)).rows).toBe(0);
    },
  );

  it("names what a load got wrong, and empties the tables between paths", async () => {
    const points = ingestBenchPoints(100, new Date());
    const tally = await tallyIngestedRows(database.appUrl, tenant);
    expect(() => checkTally("COPY", tally, expectedTally(points))).toThrow(/rows 5000 instead of 100/);
    await emptyIngestTables(database.ownerUrl);
    expect((await tallyIngestedRows(database.appUrl, tenant)).rows).toBe(0);
  });
});
