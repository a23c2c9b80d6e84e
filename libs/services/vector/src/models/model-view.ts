import type { EmbeddingModel, EmbeddingProviderName, VectorDistance } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { redactProviderConfiguration } from "../providers";
import { readIndexBuildProgress, type IndexBuildProgress } from "./index-build-progress";
import { loadDefaultModel, type ModelRow } from "./model-queries";

type IndexState = EmbeddingModel["index"]["state"];

function configurationOf(row: ModelRow): Record<string, unknown> {
  const value = row.configuration;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

/** A stored model as clients see it: secrets redacted, the default and any running build filled in. */
export function toEmbeddingModel(
  row: ModelRow,
  defaultModelId: string | undefined,
  progress: IndexBuildProgress | undefined,
): EmbeddingModel {
  const state = row.index_state as IndexState;
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    // Check constraints hold both columns to the contract's values.
    provider: row.provider as EmbeddingProviderName,
    dimensions: row.dimensions,
    distance: row.distance as VectorDistance,
    version: row.version,
    description: row.description,
    configuration: redactProviderConfiguration(configurationOf(row)),
    isDefault: row.id === defaultModelId,
    index: {
      state,
      m: row.index_m,
      efConstruction: row.index_ef_construction,
      error: row.index_error,
      builtAt: row.index_built_at,
      progress: state === "building" ? (progress ?? null) : null,
    },
    retiredAt: row.retired_at,
    createdAt: row.created_at,
  };
}

/** Models as the organization sees them, in the given order, with one look-up of the default and of builds. */
export async function describeModels(
  trx: Transaction<Database>,
  organizationId: string,
  rows: readonly ModelRow[],
): Promise<EmbeddingModel[]> {
  const defaultModel = await loadDefaultModel(trx, organizationId);
  const building = rows.filter((row) => row.index_state === "building").map((row) => row.id);
  const progress = await readIndexBuildProgress(trx, building);
  return rows.map((row) => toEmbeddingModel(row, defaultModel?.id, progress.get(row.id)));
}

/** One model as the organization sees it. */
export async function describeModel(
  trx: Transaction<Database>,
  organizationId: string,
  row: ModelRow,
): Promise<EmbeddingModel> {
  const defaultModel = await loadDefaultModel(trx, organizationId);
  const progress = row.index_state === "building" ? await readIndexBuildProgress(trx, [row.id]) : undefined;
  return toEmbeddingModel(row, defaultModel?.id, progress?.get(row.id));
}
