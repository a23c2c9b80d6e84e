import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";
import type { ForecastModelRow } from "./forecast-model-rows";

/** Whether a model's schedule calls for a run at `now`: it has one, and never ran or last ran a period ago. */
function dueAt(now: Date) {
  return sql<boolean>`refresh_every_seconds is not null and (last_run_at is null or last_run_at <= ${now}::timestamptz - make_interval(secs => refresh_every_seconds))`;
}

/** Up to `limit` models of every organization due at `now`, by id after `after`; read as the system role. */
export function dueForecastModelsAfter(
  db: Kysely<Database>,
  now: Date,
  after: string | null,
  limit: number,
): Promise<{ id: string; organizationId: string }[]> {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("timeseries.forecast_models")
      .select(["id", "organization_id as organizationId"])
      .where(dueAt(now))
      .$if(after !== null, (query) => query.where("id", ">", after!))
      .orderBy("id")
      .limit(limit)
      .execute(),
  );
}

/**
 * Locks one model for a scheduled run if it is still due; undefined when it is not, or when another
 * transaction holds it (a run on request under way), so the job never waits on a model.
 */
export function lockDueForecastModel(
  trx: Transaction<Database>,
  modelId: string,
  now: Date,
): Promise<ForecastModelRow | undefined> {
  return trx
    .selectFrom("timeseries.forecast_models")
    .selectAll()
    .where("id", "=", modelId)
    .where(dueAt(now))
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}
