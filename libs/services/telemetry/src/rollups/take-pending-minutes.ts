import type { MetricKind } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { RollupKey } from "./rollup-keys";

/**
 * Removes up to `limit` pending minutes, longest waiting first, and returns them; minutes one write
 * touched come in series and time order, so a batch spans few series and partitions. Rows a writer
 * still holds (its points not yet committed) are skipped and stay for a later run; the removal
 * commits with the recomputed rollups, so a failed run leaves them pending.
 */
export async function takePendingMinutes(trx: Transaction<Database>, limit: number): Promise<RollupKey[]> {
  const { rows } = await sql<{ organizationId: string; kind: MetricKind; metric: string; start: Date }>`
    delete from timeseries.rollup_pending
    where (organization_id, kind, metric_name, minute) in (
      select organization_id, kind, metric_name, minute from timeseries.rollup_pending
      order by touched_at, organization_id, kind, metric_name, minute
      limit ${limit}
      for update skip locked
    )
    returning organization_id as "organizationId", kind, metric_name as metric, minute as start
  `.execute(trx);
  return rows;
}
