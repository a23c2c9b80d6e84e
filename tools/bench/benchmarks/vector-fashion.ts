import type { BenchFigure } from "../bench-report";
import { distanceSpace } from "../vector/exact-neighbours";
import { FASHION_TRUTH_DEPTH, loadFashionMnist } from "../vector/fashion-mnist";
import { FILTERED_HEADER, measureFilteredSearch, type FilterCase } from "../vector/filtered-search";
import { count, findingsTable } from "../vector/findings-table";
import { groundTruth } from "../vector/ground-truth";
import { registerPrecomputedModel, upsertRows, waitUntilIndexReady } from "../vector/model-loading";
import { residentMegabytes, startPeakMemory } from "../vector/peak-memory";
import { rowsOfIds } from "../vector/search-case";
import { plannedScans } from "../vector/search-lanes";
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
/** The service's VECTOR_DEFAULT_EF_SEARCH, and a cheaper setting beside it. */
const EF_SEARCH = [40, 100] as const;
const DEFAULT_EF_SEARCH = 100;
const QUERIES = Number(process.env.BENCH_VECTOR_QUERIES ?? 2_000);
const FILTERED_QUERIES = 200;
const BUCKETS = 100;
/** Test images stored after the measurements, into the built index (never among the queries). */
const LATER_IMAGES = { from: 8_000, count: 2_000 };
const AS_NUMBERS = "service, vector as numbers";

/**
 * vector.search on Fashion-MNIST (the ann-benchmarks 784-d L2 set: 60,000 training images as the
 * base, test images as queries, exact top-10 from the shared ground truth): recall@10, QPS and
 * p50/p95 at two efSearch values, the service beside the same SQL on pg at the same concurrency;
 * filtered search at 10% (clothing class) and 1% (a bucket of the image number) selectivity;
 * bulk upsert rate, index build time over the loaded rows, peak memory.
 */
export async function benchVectorFashion(): Promise<BenchFigure[]> {
  progress("reading Fashion-MNIST (Debian dataset-fashion-mnist) and its shared exact ground truth");
  const data = await loadFashionMnist(progress);
  const queryRows = Array.from({ length: Math.min(QUERIES, data.test.count) }, (_, row) => row);
  const truth = data.groundTruth.subarray(0, queryRows.length * FASHION_TRUTH_DEPTH);
  const space = distanceSpace("l2", data.train);
  const baseRows = Array.from({ length: data.train.count }, (_, row) => row);

  // Filters independent of the query's own class, so the filter removes most of its near neighbours.
  const filteredRows = queryRows.slice(0, FILTERED_QUERIES);
  const rowsWhere = (keep: (row: number) => boolean) => Int32Array.from(baseRows.filter(keep));
  const byLabel = Array.from({ length: 10 }, (_, label) => rowsWhere((row) => data.trainLabels[row] === label));
  const byBucket = Array.from({ length: BUCKETS }, (_, bucket) => rowsWhere((row) => row % BUCKETS === bucket));
  const labelTruth = await groundTruth(
    "label filter (10%)",
    space,
    data.test,
    filteredRows,
    K,
    progress,
    (p) => byLabel[p % 10]!,
  );
  const bucketTruth = await groundTruth(
    "bucket filter (1%)",
    space,
    data.test,
    filteredRows,
    K,
    progress,
    (p) => byBucket[p % BUCKETS]!,
  );

  progress("cloning a database from the migrated template");
  const stack = await startVectorBenchStack();
  const memoryBefore = residentMegabytes();
  const memory = startPeakMemory();
  try {
    // The index job stays off while the rows load, so the build covers them all, as after a bulk import.
    const api = await stack.startService({}, { workers: false });
    const tenant = await stack.createTenant("fashion");
    const owner = await api.clientOf(tenant);
    const registeredAt = performance.now();
    const modelId = await registerPrecomputedModel(owner, {
      name: "fashion-mnist-784",
      dimensions: 784,
      distance: "l2",
    });
    progress(`registered model ${modelId}; storing ${count(baseRows.length)} images through vector.embeddings.upsert`);
    const load = await upsertRows(
      owner,
      modelId,
      data.train,
      baseRows,
      (row) => ({
        content: `fashion-mnist train image ${row}`,
        metadata: { label: data.trainLabels[row], bucket: row % BUCKETS },
      }),
      progress,
    );
    progress(
      `stored in ${load.seconds.toFixed(1)} s (${count(load.vectorsPerSecond)} vectors/s); starting the index job`,
    );
    const buildStarted = performance.now();
    const builder = await stack.startService({}, { workers: true });
    await waitUntilIndexReady(owner, modelId, progress);
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
    const model = { id: modelId, dimensions: 784, distance: "l2" as const };
    const comparison: Comparison = {
      label: "Fashion-MNIST",
      clients,
      pool: stack.sqlPool,
      appDb: stack.appDb,
      tenant,
      model,
      rowOfId,
      queries: data.test,
      queryRows,
      truth,
      truthDepth: FASHION_TRUTH_DEPTH,
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
        efSearch === DEFAULT_EF_SEARCH ? { [AS_NUMBERS]: { clients, form: "numbers" } } : {};
      const compared = await compareWithSql({ ...comparison, otherServices }, efSearch, progress);
      figures.push(...compared.figures);
      rows.push(...compared.rows);
    }
    const plans = [
      `unfiltered: ${(await plannedScans(stack.sqlPool, tenant, model, { queries: data.test, queryRows, topK: K })).join(" → ")}`,
    ];

    const filtered: FilterCase[] = [
      { name: "label = one class of 10 (10%)", filterOf: (p: number) => ({ label: p % 10 }), truth: labelTruth },
      {
        name: "bucket = image number mod 100 (1%)",
        filterOf: (p: number) => ({ bucket: p % BUCKETS }),
        truth: bucketTruth,
      },
    ];
    const filteredSearch = await measureFilteredSearch(
      {
        label: "Fashion-MNIST",
        clients,
        pool: stack.sqlPool,
        tenant,
        model,
        rowOfId,
        queries: data.test,
        queryRows: filteredRows,
        space,
        topK: K,
      },
      filtered,
      progress,
    );
    figures.push(...filteredSearch.figures);
    plans.push(...filteredSearch.plans);

    progress(
      `storing ${count(LATER_IMAGES.count)} more images (test images ${count(LATER_IMAGES.from)}+) into the built index`,
    );
    const laterRows = Array.from({ length: LATER_IMAGES.count }, (_, offset) => LATER_IMAGES.from + offset);
    const live = await upsertRows(
      owner,
      modelId,
      data.test,
      laterRows,
      (row) => ({
        content: `fashion-mnist test image ${row}`,
        metadata: { label: data.testLabels[row], bucket: row % BUCKETS },
      }),
      progress,
    );

    const peak = memory.peakMegabytes();
    figures.push(memoryFigure("Fashion-MNIST", peak, memoryBefore));
    process.stdout.write(
      [
        findingsTable(
          `Fashion-MNIST: ${count(data.train.count)} × 784-d, L2, m 16, ef_construction 64; ${count(queryRows.length)} of ${count(data.test.count)} test queries (the first ones; BENCH_VECTOR_QUERIES sets how many), ${CONCURRENCY} concurrent lanes per side`,
          COMPARISON_HEADER,
          rows,
          [
            `service: query vectors packed (packVector, float32 in base64); ${AS_NUMBERS}: the same service sent number arrays.`,
            BARE_ROUTE_NOTE,
            `The service sent ${statements.toFixed(1)} SQL statements per search (begin/commit aside, query log included); the SQL baseline sends 3 in one round trip.`,
          ],
        ),
        findingsTable(
          `Filtered search (default efSearch), ${count(filteredRows.length)} queries, filter value independent of the query's class`,
          FILTERED_HEADER,
          filteredSearch.rows,
          ["How Postgres plans the service's index search (EXPLAIN of the first query):", ...plans],
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
              `${count(live.vectorsPerSecond)} vectors/s (${count(LATER_IMAGES.count)} in ${live.seconds.toFixed(1)} s)`,
            ],
            [
              "peak RSS of the bench process (hosts the service; holds the data set)",
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
