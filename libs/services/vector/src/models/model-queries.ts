import { decodeNameCursor, pastNameKey, toPage, type Database, type KeysetPage } from "@cauldron/db";
import type { Transaction } from "kysely";
import { chosenDefaultModelId } from "./default-model-setting";

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

/** What registering a model stores; the index starts pending and the index job builds it. */
export interface NewModel {
  organizationId: string;
  name: string;
  provider: string;
  dimensions: number;
  distance: string;
  version: string | null;
  description: string | null;
  configuration: Record<string, unknown>;
  indexM: number;
  indexEfConstruction: number;
}

/** A model the active organization may use (RLS shows built-ins and its own), or undefined. */
export async function loadModel(trx: Transaction<Database>, modelId: string): Promise<ModelRow | undefined> {
  return modelColumns(trx).where("id", "=", modelId).executeTakeFirst();
}

/**
 * The model the organization embeds with when a call names none: the one it chose (see
 * default-model-setting.ts), else the built-in default. Retired models are never the default.
 */
export async function loadDefaultModel(
  trx: Transaction<Database>,
  organizationId: string,
): Promise<ModelRow | undefined> {
  return (
    modelColumns(trx)
      .where("retired_at", "is", null)
      .where((eb) => eb.or([eb("organization_id", "=", organizationId), eb("organization_id", "is", null)]))
      .where((eb) =>
        eb.or([
          eb("id", "=", chosenDefaultModelId(trx, organizationId)),
          eb.and([eb("organization_id", "is", null), eb("is_default", "=", true)]),
        ]),
      )
      // The organization's choice first, the platform's default second.
      .orderBy(
        (eb) => eb("id", "=", chosenDefaultModelId(trx, organizationId)),
        (order) => order.desc().nullsLast(),
      )
      .executeTakeFirst()
  );
}

/** The built-in models and the organization's own by name, a page at a time. */
export async function listModels(
  trx: Transaction<Database>,
  organizationId: string,
  input: { limit: number; cursor?: string; includeRetired: boolean; provider?: string },
): Promise<KeysetPage<ModelRow>> {
  const after = decodeNameCursor(input.cursor);
  const { provider } = input;
  const rows = await modelColumns(trx)
    .where((eb) => eb.or([eb("organization_id", "=", organizationId), eb("organization_id", "is", null)]))
    .$if(!input.includeRetired, (query) => query.where("retired_at", "is", null))
    .$if(provider !== undefined, (query) => query.where("provider", "=", provider ?? ""))
    .where(pastNameKey({ name: "name", id: "id" }, after))
    .orderBy("name")
    .orderBy("id")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    (row) => row,
    (row) => ({ name: row.name, id: row.id }),
  );
}

/** Whether a built-in or one of the organization's models already has `name`. */
export async function isModelNameInUse(
  trx: Transaction<Database>,
  organizationId: string,
  name: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom("vector.embedding_models")
    .select("id")
    .where("name", "=", name)
    .where((eb) => eb.or([eb("organization_id", "=", organizationId), eb("organization_id", "is", null)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a new model of the organization and returns its id. */
export async function insertModel(trx: Transaction<Database>, model: NewModel): Promise<string> {
  const row = await trx
    .insertInto("vector.embedding_models")
    .values({
      organization_id: model.organizationId,
      name: model.name,
      provider: model.provider,
      dimensions: model.dimensions,
      distance: model.distance,
      version: model.version,
      description: model.description,
      configuration: JSON.stringify(model.configuration),
      index_m: model.indexM,
      index_ef_construction: model.indexEfConstruction,
      index_state: "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks one of the organization's models retired; undefined when it has no such model in use. */
export async function retireModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
): Promise<string | undefined> {
  const row = await trx
    .updateTable("vector.embedding_models")
    .set({ retired_at: new Date() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", modelId)
    .where("retired_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** Whether `error` is the unique violation of a model name within its organization. */
export function isModelNameTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "embedding_models_organization_id_name_key";
}
