import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestDatabase, templateDatabaseName } from "./test-database";

async function partitioningOf(database: Awaited<ReturnType<typeof createTestDatabase>>) {
  const { rows } = await sql<{ mode: string; timescale: boolean }>`
    select timeseries.partitioning_mode() as mode,
      exists (select from pg_extension where extname = 'timescaledb') as timescale
  `.execute(database.ownerDb);
  return rows[0];
}

describe("test databases", () => {
  it("clones a natively partitioned template, without timescaledb, when a test asks for one", async () => {
    const database = await createTestDatabase({ partitioning: "native" });
    try {
      expect(await partitioningOf(database)).toEqual({ mode: "native", timescale: false });
    } finally {
      await database.destroy();
    }
  });

  it("names the two templates apart, from the same migration sources", async () => {
    const [standard, native] = [await templateDatabaseName(), await templateDatabaseName("native")];
    expect(standard).toMatch(/^cauldron_test_template_[0-9a-f]{8}$/);
    expect(native).toBe(standard.replace("cauldron_test_template_", "cauldron_test_native_template_"));
  });
});
