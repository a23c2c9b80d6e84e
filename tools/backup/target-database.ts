import pg from "pg";
import { adminUrlFor, quoteIdentifier, type DatabaseLocation } from "./database-location";
import { filesUnder } from "./object-files";

// Rows here mean someone has used the database; a freshly migrated one has none.
const DATA_TABLES = ["public.users", "public.organizations", "storage.objects"] as const;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "cauldron-restore" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// The database to connect to while the target is dropped and created: never the target itself.
function maintenanceDatabase(location: DatabaseLocation): string {
  const named = decodeURIComponent(new URL(location.adminUrl).pathname.replace(/^\//, ""));
  return named === "" || named === location.database ? "postgres" : named;
}

/** The tables of DATA_TABLES that hold rows in the target database (none when it does not exist). */
export async function tablesHoldingData(location: DatabaseLocation): Promise<string[]> {
  const exists = await withClient(adminUrlFor(location, maintenanceDatabase(location)), async (client) => {
    const { rows } = await client.query("select 1 from pg_database where datname = $1", [location.database]);
    return rows.length > 0;
  });
  if (!exists) return [];
  return withClient(adminUrlFor(location), async (client) => {
    const holding: string[] = [];
    for (const table of DATA_TABLES) {
      const { rows } = await client.query<{ present: boolean }>("select to_regclass($1) is not null as present", [
        table,
      ]);
      if (!rows[0]?.present) continue;
      const [schema = "", name = ""] = table.split(".");
      const found = await client.query(`select 1 from ${quoteIdentifier(schema)}.${quoteIdentifier(name)} limit 1`);
      if (found.rows.length > 0) holding.push(table);
    }
    return holding;
  });
}

/** Whether the object store folder holds any object file. */
export async function storeHoldsFiles(storeDir: string): Promise<boolean> {
  for await (const _key of filesUnder(storeDir)) return true;
  return false;
}

/** Drops the target database (cutting its connections) and creates it empty, owned by `owner`. */
export async function recreateDatabase(location: DatabaseLocation, owner: string): Promise<void> {
  await withClient(adminUrlFor(location, maintenanceDatabase(location)), async (client) => {
    await client.query(`drop database if exists ${quoteIdentifier(location.database)} with (force)`);
    await client.query(
      `create database ${quoteIdentifier(location.database)} owner ${quoteIdentifier(owner)} template template0`,
    );
  });
}

/** Runs work on a connection to the target database as the admin role. */
export function withTargetDatabase<T>(location: DatabaseLocation, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(adminUrlFor(location), work);
}
