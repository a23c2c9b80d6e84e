import type { CompiledQuery } from "kysely";
import type pg from "pg";

const TENANT_SETTINGS = "set_config('app.user_id'";

/**
 * The statements of the service's last tenant transaction, from its tenant settings on: what a
 * procedure asks of Postgres as the caller, without the platform's checks before it.
 */
export function tenantTransaction(statements: readonly CompiledQuery[]): CompiledQuery[] {
  const start = statements.findLastIndex((statement) => statement.sql.includes(TENANT_SETTINGS));
  if (start < 0) throw new Error("the recorded statements hold no tenant transaction");
  return statements.slice(start);
}

/**
 * Sends the statements in one transaction, all in one round trip (the pool pipelines), as the
 * leanest client of the same SQL would; answers the rows of the last statement.
 */
export async function replayInOneRoundTrip<Row>(pool: pg.Pool, statements: readonly CompiledQuery[]): Promise<Row[]> {
  const connection = await pool.connect();
  try {
    const answers = await Promise.all([
      connection.query("begin"),
      ...statements.map((statement) => connection.query(statement.sql, [...statement.parameters])),
      connection.query("commit"),
    ]);
    return (answers.at(-2) as pg.QueryResult).rows as Row[];
  } finally {
    connection.release();
  }
}
