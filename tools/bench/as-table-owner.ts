import pg from "pg";

/**
 * Runs work as the tables' owner itself, over a connection of its own: ANALYZE, VACUUM and DDL
 * need it, and a harness pool acting as cauldron_system would skip ANALYZE with only a warning,
 * leaving the planner with the empty template's statistics.
 */
export async function asTableOwner<T>(ownerUrl: string, work: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: ownerUrl, application_name: "cauldron-bench-maintenance" });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

/** Runs each statement in turn as the tables' owner. */
export function runAsTableOwner(ownerUrl: string, statements: readonly string[]): Promise<void> {
  return asTableOwner(ownerUrl, async (owner) => {
    for (const statement of statements) await owner.query(statement);
  });
}
