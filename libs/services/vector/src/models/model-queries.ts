import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

const MODEL_COLUMNS = [
  "id",
  "organization_id",
  "name",
  "provider",
  "dimensions",
  "distance",
  "version",
  "description",
  "configuration",
  "is_default",
  "index_m",
  "index_ef_construction",
  "index_state",
  "index_name",
  "index_error",
  "index_built_at",
  "retired_at",
  "created_at",
] as const;

function modelColumns(trx: Transaction<Database>) {
  return trx.selectFrom("vector.embedding_models").select(MODEL_COLUMNS);
}

/** A model row as the service reads it: built in (organization_id null) or the organization's own. */
export type ModelRow = Awaited<ReturnType<ReturnType<typeof modelColumns>["executeTakeFirstOrThrow"]>>;

/** A model the active organization may use (RLS shows built-ins and its own), or undefined. */
export async function loadModel(trx: Transaction<Database>, modelId: string): Promise<ModelRow | undefined> {
  return modelColumns(trx).where("id", "=", modelId).executeTakeFirst();
}

/**
 * The model the organization embeds with when a call names none: its own default, else the
 * built-in default. Retired models are never the default.
 */
export async function loadDefaultModel(
  trx: Transaction<Database>,
  organizationId: string,
): Promise<ModelRow | undefined> {
  return modelColumns(trx)
    .where("is_default", "=", true)
    .where("retired_at", "is", null)
    .where((eb) => eb.or([eb("organization_id", "=", organizationId), eb("organization_id", "is", null)]))
    .orderBy("organization_id", (order) => order.asc().nullsLast())
    .executeTakeFirst();
}
