import { readFile } from "node:fs/promises";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_TYPES_PATH, renderDatabaseTypes } from "./render-database-types";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("generated database types", () => {
  it("match the migrated schema", async () => {
    const rendered = await renderDatabaseTypes(database.ownerDb);
    const committed = await readFile(GENERATED_TYPES_PATH, "utf8");
    expect(committed, "database.generated.ts is stale: run `npm run db:types` and commit the result").toBe(rendered);
  });

  it("describe every application table and no extension or partition table", async () => {
    const rendered = await renderDatabaseTypes(database.ownerDb);
    expect(rendered).toContain('"lore.documents": LoreDocuments;');
    expect(rendered).toContain("  users: Users;");
    expect(rendered).not.toMatch(/spatial_ref_sys|_timescaledb|kysely_migration|_default"|_hyper_\d/);
  });
});
