import { renderBenchTable, type BenchFigure } from "./bench-report";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);

// Each benchmark loads its services only when it runs, so a selection starts only what it measures.
const benchmarks: { key: string; name: string; run(): Promise<BenchFigure[]> }[] = [
  {
    key: "rpc",
    name: "server kit overhead",
    run: async () => (await import("./benchmarks/rpc-overhead")).benchRpcOverhead(seconds),
  },
  {
    key: "tenant",
    name: "the tenant transaction",
    run: async () => (await import("./benchmarks/tenant-transaction")).benchTenantTransaction(seconds),
  },
  {
    key: "members",
    name: "org.members.list on 10,000 members",
    run: async () => (await import("./benchmarks/org-members-list")).benchOrgMembersList(seconds),
  },
  {
    key: "auth",
    name: "auth.me and auth.signIn",
    run: async () => (await import("./benchmarks/auth")).benchAuth(seconds),
  },
  {
    key: "vector-fashion",
    name: "vector.search on Fashion-MNIST (784-d, L2, 60,000 images)",
    run: async () => (await import("./benchmarks/vector-fashion")).benchVectorFashion(),
  },
  {
    key: "vector-glove",
    name: "vector.search on GloVe (100-d, cosine, 100,000 words)",
    run: async () => (await import("./benchmarks/vector-glove")).benchVectorGlove(),
  },
  {
    key: "vector-tenancy",
    name: "vector.search for an organization holding 1% of a shared index",
    run: async () => (await import("./benchmarks/vector-tenancy")).benchVectorTenancy(),
  },
  {
    key: "lore-ingest",
    name: "lore.documents.create on three public corpora",
    run: async () => (await import("./benchmarks/lore-ingest")).benchLoreIngest(),
  },
  {
    key: "lore-search",
    name: "lore.search (text) at 10,000 documents",
    run: async () => (await import("./benchmarks/lore-search")).benchLoreSearch(),
  },
  {
    key: "lore-freshness",
    name: "lore: an update findable and indexed, at 1,000 and 10,000 documents",
    run: async () => (await import("./benchmarks/lore-freshness")).benchLoreFreshness(),
  },
  {
    key: "lore-retrieval",
    name: "lore.search recall@5 on PostgreSQL manual section titles (GloVe)",
    run: async () => (await import("./benchmarks/lore-retrieval")).benchLoreRetrieval(),
  },
  {
    key: "storage-streaming",
    name: "storage: 1 GiB through the Supabase API vs a stream copy (filesystem)",
    run: async () => (await import("./benchmarks/storage-streaming")).benchStorageStreaming(),
  },
  {
    key: "storage-small",
    name: "storage: 10,000 x 1 KiB objects created, listed, deleted (filesystem)",
    run: async () => (await import("./benchmarks/storage-small-objects")).benchStorageSmallObjects(),
  },
  {
    key: "storage-s3",
    name: "storage on S3 (s3rver) vs the emulator directly",
    run: async () => (await import("./benchmarks/storage-s3")).benchStorageS3(),
  },
  {
    key: "telemetry-m4",
    name: "telemetry forecasts on the 414 M4 hourly series (horizon 48)",
    run: async () => (await import("./benchmarks/telemetry-m4")).benchTelemetryM4(),
  },
  {
    key: "telemetry-nab",
    name: "telemetry anomaly detection on the Numenta Anomaly Benchmark (58 series)",
    run: async () => (await import("./benchmarks/telemetry-nab")).benchTelemetryNab(),
  },
  {
    key: "telemetry-ingest",
    name: "telemetry ingest: typed client and InfluxDB line protocol vs COPY",
    run: async () => (await import("./telemetry/ingest-benchmark")).benchTelemetryIngest(),
  },
  {
    key: "telemetry-alert-rules",
    name: "telemetry: evaluation of 1,000 alert rules vs their window aggregates as plain SQL",
    run: async () => (await import("./telemetry/alert-rules-benchmark")).benchTelemetryAlertRules(),
  },
  {
    key: "telemetry-rollups",
    name: "telemetry: a 30-day, 1-hour-bucket query over 10M rows from rollups vs raw rows",
    run: async () => (await import("./telemetry/rollup-benchmark")).benchTelemetryRollups(),
  },
  {
    key: "idle",
    name: "six idle services",
    // CPU over at least 20 s: idle work comes in wake-ups seconds apart, too few in a short window.
    run: async () => (await import("./benchmarks/idle-cpu")).benchIdleCpu(Math.max(20, seconds)),
  },
];

// `npm run bench -- rpc auth` runs only those, `vector` (or `vector-*`) every vector-* one; no arguments runs them all.
const only = process.argv.slice(2);
const chosen = (key: string) =>
  only.some((name) => key === name || key.startsWith(name.endsWith("*") ? name.slice(0, -1) : `${name}-`));
const selected = only.length === 0 ? benchmarks : benchmarks.filter((benchmark) => chosen(benchmark.key));
if (selected.length === 0) {
  throw new Error(`No benchmark named ${only.join(", ")}; choose from ${benchmarks.map((b) => b.key).join(", ")}`);
}

const figures: BenchFigure[] = [];
for (const [index, benchmark] of selected.entries()) {
  process.stdout.write(`[bench ${index + 1}/${selected.length}] ${benchmark.name} (${seconds} s per side)…\n`);
  figures.push(...(await benchmark.run()));
}
process.stdout.write(`\n${renderBenchTable(figures)}\n`);
