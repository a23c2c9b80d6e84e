import pg from "pg";
import { copyIn } from "./ingest-copy-in";
import { COPIED_COLUMNS, copyStatement, copyTextChunks } from "./ingest-copy-text";
import type { IngestBenchPoint } from "./ingest-points";

/** Who the rows are written as: the settings withTenant makes for the service's transactions. */
export interface IngestTenant {
  userId: string;
  organizationId: string;
}

/**
 * How the baseline loads the rows. PostgreSQL refuses COPY FROM into a table with row-level
 * security for a role its policies bind, so the services' role cannot COPY into the table itself:
 * - `system`: COPY straight into the table after SET LOCAL ROLE cauldron_system, the switch the
 *   services' own system work makes (withSystem); no policy checks the rows.
 * - `staged`: COPY into a temporary table, then INSERT … SELECT into the table as the services'
 *   role, each row checked by the tenant policy: the fastest bulk load the policies allow.
 */
export type CopyMode = "system" | "staged";

/** A connection as the services' role, to COPY through. */
export interface CopyConnection {
  /** Loads the points in one transaction with the tenant's settings; answers the rows loaded. */
  copy(points: readonly IngestBenchPoint[], mode?: CopyMode): Promise<number>;
  close(): Promise<void>;
}

const STAGING_TABLE = "ingest_staging";

async function load(client: pg.Client, chunks: Iterable<Buffer>, mode: CopyMode): Promise<number> {
  if (mode === "system") {
    await client.query("set local role cauldron_system");
    return copyIn(client, copyStatement("timeseries.business_metrics"), chunks);
  }
  await client.query(
    `create temporary table ${STAGING_TABLE} (time timestamptz, organization_id uuid, metric_name text,
      metric_value double precision, dimensions jsonb) on commit drop`,
  );
  await copyIn(client, copyStatement(STAGING_TABLE), chunks);
  const inserted = await client.query(
    `insert into timeseries.business_metrics (${COPIED_COLUMNS}) select ${COPIED_COLUMNS} from ${STAGING_TABLE}`,
  );
  return inserted.rowCount ?? 0;
}

/**
 * Connects to `appUrl` (the services' role) for the baseline: each load is one transaction that
 * first sets app.user_id and app.org_id as withTenant does, then loads every point as `mode` says.
 */
export async function connectForCopy(appUrl: string, tenant: IngestTenant): Promise<CopyConnection> {
  const client = new pg.Client({ connectionString: appUrl, application_name: "cauldron-bench-copy" });
  await client.connect();
  return {
    async copy(points, mode = "system") {
      await client.query("begin");
      try {
        await client.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
          tenant.userId,
          tenant.organizationId,
        ]);
        const rows = await load(client, copyTextChunks(points, tenant.organizationId), mode);
        await client.query("commit");
        return rows;
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    },
    close: () => client.end(),
  };
}
