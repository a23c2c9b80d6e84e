import type { ForecastModelDetails, Page } from "@cauldron/contracts";
import { containsPattern, decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { isUniqueViolation } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { toForecastModelDetails, type ForecastModelRow } from "./forecast-model-rows";

/** One model of the organization as stored, or undefined when it has no such model. */
export async function loadForecastModelRow(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
): Promise<ForecastModelRow | undefined> {
  return trx
    .selectFrom("timeseries.forecast_models")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", modelId)
    .executeTakeFirst();
}

/** One model of the organization as clients see it, or undefined when it has no such model. */
export async function loadForecastModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
): Promise<ForecastModelDetails | undefined> {
  const row = await loadForecastModelRow(trx, organizationId, modelId);
  return row && toForecastModelDetails(row);
}

/**
 * Locks one model for a run: waits for a run under way, or with `skipLocked` passes over a model
 * another transaction holds (undefined then, as for a model that does not exist).
 */
export async function lockForecastModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
  options: { skipLocked?: boolean } = {},
): Promise<ForecastModelRow | undefined> {
  return trx
    .selectFrom("timeseries.forecast_models")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", modelId)
    .forUpdate()
    .$if(options.skipLocked === true, (query) => query.skipLocked())
    .executeTakeFirst();
}

/** The organization's models by name, a page at a time, optionally only those of one metric or matching `search`. */
export async function listForecastModels(
  trx: Transaction<Database>,
  organizationId: string,
  input: { limit: number; cursor?: string | undefined; search?: string | undefined; metric?: string | undefined },
): Promise<Page<ForecastModelDetails>> {
  const after = decodeNameCursor(input.cursor);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await trx
    .selectFrom("timeseries.forecast_models as m")
    .selectAll()
    .where("m.organization_id", "=", organizationId)
    .$if(input.metric !== undefined, (query) => query.where("m.target_metric", "=", input.metric!))
    .$if(pattern !== null, (query) => query.where(sql`lower(m.name)`, "like", pattern))
    .where(pastNameKey({ name: "m.name", id: "m.id" }, after))
    .orderBy("m.name")
    .orderBy("m.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toForecastModelDetails, (row) => ({ name: row.name, id: row.id }));
}

/** Whether `error` is the unique violation of a model name within its organization. */
export function isForecastModelNameTaken(error: unknown): boolean {
  return isUniqueViolation(error, "forecast_models_organization_id_name_key");
}
