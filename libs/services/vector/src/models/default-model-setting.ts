import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/*
 * Which model an organization embeds with when a call names none is an organization setting, not
 * a flag on the model row: built-in rows are shared by every organization, so an organization
 * choosing a built-in other than the platform's default has nowhere else to say so. Without the
 * setting (or when it names a retired model) the built-in flagged is_default applies;
 * loadDefaultModel (model-queries.ts) is the one place that resolves it.
 */

/** The organization_settings key holding the id of the organization's default model. */
export const DEFAULT_MODEL_SETTING = "vector.default_model_id";

/** The setting's model id as a uuid, for comparing with model ids inside a query. */
export function chosenDefaultModelId(trx: Transaction<Database>, organizationId: string) {
  return trx
    .selectFrom("organization_settings")
    .select(sql<string>`(value #>> '{}')::uuid`.as("model_id"))
    .where("organization_id", "=", organizationId)
    .where("key", "=", DEFAULT_MODEL_SETTING);
}

/** Makes `modelId` the organization's default (the caller checked that it may use the model). */
export async function chooseDefaultModel(
  trx: Transaction<Database>,
  change: { organizationId: string; modelId: string; actorUserId: string | null },
): Promise<void> {
  const value = JSON.stringify(change.modelId);
  await trx
    .insertInto("organization_settings")
    .values({
      organization_id: change.organizationId,
      key: DEFAULT_MODEL_SETTING,
      value,
      updated_by: change.actorUserId,
    })
    .onConflict((conflict) =>
      conflict.columns(["organization_id", "key"]).doUpdateSet({ value, updated_by: change.actorUserId }),
    )
    .execute();
}

/** Drops the organization's choice when it names `modelId`, so the platform's default applies again. */
export async function forgetDefaultModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
): Promise<boolean> {
  const removed = await trx
    .deleteFrom("organization_settings")
    .where("organization_id", "=", organizationId)
    .where("key", "=", DEFAULT_MODEL_SETTING)
    .where(sql<boolean>`value #>> '{}' = ${modelId}`)
    .returning("id")
    .executeTakeFirst();
  return removed !== undefined;
}
