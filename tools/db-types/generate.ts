import { readFile, writeFile } from "node:fs/promises";
import { createTestDatabase } from "@cauldron/testing";
import { GENERATED_TYPES_PATH, renderDatabaseTypes } from "./render-database-types";

// Introspects a fresh clone of the migrated test template (built first when migrations changed),
// so the result depends on the migrations alone, never on a developer's local data.
const database = await createTestDatabase();
try {
  const rendered = await renderDatabaseTypes(database.ownerDb);
  const current = await readFile(GENERATED_TYPES_PATH, "utf8").catch(() => "");
  if (current === rendered) {
    console.info(`database types are up to date (${GENERATED_TYPES_PATH})`);
  } else {
    await writeFile(GENERATED_TYPES_PATH, rendered);
    console.info(`wrote ${GENERATED_TYPES_PATH}`);
  }
} finally {
  await database.destroy();
}
