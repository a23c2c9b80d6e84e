import type { SearchHit, searchInputSchema, VectorDistance } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { VectorRuntime } from "../vector-runtime";
import { hybridSearch } from "./hybrid-search";
import { findNearest, type IndexScanSettings, type NearestRequest } from "./nearest-embeddings";
import { queryVectorFor } from "./query-vector";
import { toSearchHit } from "./search-hits";
import type { ModelRow } from "../models/model-queries";
import { chooseStrategy, type SearchStrategy } from "./search-strategy";
import { resolveSearchTarget, type SearchTarget } from "./search-target";
import { meetsThreshold } from "./vector-distance";

export type SearchInput = z.output<typeof searchInputSchema>;

/** Runs work in one transaction confined to the caller's organization (a procedure's `ctx.tenant`). */
export type TenantRunner = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** What one search is run with besides its input. */
export interface SearchContext {
  runtime: VectorRuntime;
  tenant: TenantRunner;
  /** Resolves once the caller is known to be admitted (the search's reads may run before). */
  admitted: () => Promise<void>;
  organizationId: string;
  signal?: AbortSignal;
}

/** A search's answer, with what the query log needs to record it. */
export interface SearchAnswer {
  modelId: string;
  collectionId: string | undefined;
  queryVector: number[];
  strategy: SearchStrategy;
  hits: SearchHit[];
}

// pgvector's own default for hnsw.max_scan_tuples. The cap ends a scan wading through rows the
// filters reject; a search it leaves short is answered exactly instead. Organizations reach the
// index only above VECTOR_EXACT_SEARCH_MAX_ROWS rows, so the scan may go at least that far first.
const MIN_SCAN_TUPLES = 20_000;

function indexScanSettings(runtime: VectorRuntime, efSearch: number | undefined): IndexScanSettings {
  return {
    efSearch: efSearch ?? runtime.config.VECTOR_DEFAULT_EF_SEARCH,
    maxScanTuples: Math.max(MIN_SCAN_TUPLES, runtime.config.VECTOR_EXACT_SEARCH_MAX_ROWS),
  };
}

// Providers that embed in this process in microseconds: the search embeds inside its one transaction.
const IN_PROCESS_PROVIDERS = new Set(["hash"]);

function embedsInTransaction(model: ModelRow, input: SearchInput): boolean {
  return input.vector !== undefined || IN_PROCESS_PROVIDERS.has(model.provider);
}

type FoundRows = { strategy: SearchStrategy; hits: SearchHit[] };

async function searchWithVector(
  trx: Transaction<Database>,
  context: SearchContext,
  target: SearchTarget,
  queryVector: number[],
  input: SearchInput,
): Promise<FoundRows> {
  const { runtime, organizationId } = context;
  const { model } = target;
  const distance = model.distance as VectorDistance;
  const request: NearestRequest = {
    scope: {
      organizationId,
      modelId: model.id,
      collectionId: target.collectionId,
      entityType: input.entityType,
      entityIds: input.entityIds,
      filter: input.filter,
    },
    model: { id: model.id, dimensions: model.dimensions, distance },
    query: queryVector,
    limit: input.topK,
    includeVectors: input.includeVectors,
  };
  const settings = indexScanSettings(runtime, input.efSearch);
  const strategy = await chooseStrategy(trx, {
    organizationId,
    modelId: model.id,
    // A few entities' rows are found through the entity index and compared exactly; an index
    // walk would pass over most of the model's rows before it met them.
    exact: input.exact || input.entityIds !== undefined,
    indexReady: model.index_state === "ready",
    exactMaxRows: runtime.config.VECTOR_EXACT_SEARCH_MAX_ROWS,
    rowCounts: runtime.rowCounts,
  });
  if (input.hybrid !== undefined && input.text !== undefined) {
    return hybridSearch(trx, request, input.text, input.hybrid, strategy, settings);
  }
  const nearest = await findNearest(trx, request, strategy, settings);
  return { strategy: nearest.strategy, hits: nearest.rows.map((row) => toSearchHit(row, distance, null)) };
}

/**
 * Finds the rows of the organization nearest to the query (fused with full-text matches in
 * hybrid search), best first, `topK` of them whenever that many match; the threshold then drops
 * hits scoring worse than it. A query vector given, or text embedded in this process, is searched
 * in the transaction that resolved the model; text for a remote provider is embedded between two
 * transactions, holding no connection while the provider answers, once the caller is admitted.
 */
export async function searchEmbeddings(context: SearchContext, input: SearchInput): Promise<SearchAnswer> {
  const { runtime, organizationId } = context;
  const embed = (model: ModelRow) => queryVectorFor(runtime, model, input, { organizationId, signal: context.signal });
  const first = await context.tenant(async (trx) => {
    const target = await resolveSearchTarget(trx, organizationId, input, runtime.readyModels);
    if (!embedsInTransaction(target.model, input)) return { target, done: undefined };
    const queryVector = await embed(target.model);
    return { target, done: { queryVector, found: await searchWithVector(trx, context, target, queryVector, input) } };
  });
  const { target } = first;
  let done = first.done;
  if (done === undefined) {
    // The provider is called, and the organization's embedding quota spent, for admitted callers only.
    await context.admitted();
    const queryVector = await embed(target.model);
    const found = await context.tenant((trx) => searchWithVector(trx, context, target, queryVector, input));
    done = { queryVector, found };
  }
  const distance = target.model.distance as VectorDistance;
  return {
    modelId: target.model.id,
    collectionId: target.collectionId,
    queryVector: done.queryVector,
    strategy: done.found.strategy,
    hits: done.found.hits.filter((hit) => meetsThreshold(distance, hit.score, input.threshold)),
  };
}
