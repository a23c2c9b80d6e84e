import { loadGloveBenchWords } from "./glove-words";
import { registerPrecomputedModel, upsertRows } from "./model-loading";
import { rowsOfIds } from "./search-case";
import { serviceLanes, sqlLanes } from "./search-lanes";
import { startVectorBenchStack } from "./vector-bench-stack";

const progress = (text: string) => process.stdout.write(`  ${text}\n`);
const N = 2000;
const LANES = Number(process.env.LANES ?? 8);
const { split } = await loadGloveBenchWords(progress);
const stack = await startVectorBenchStack();
async function measure(name: string, call: (i: number) => Promise<unknown>) {
  let next = 0;
  const run = async (n: number) => {
    next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let i = next++; i < n; i = next++) await call(i % 1000);
      }),
    );
  };
  await run(200);
  const cpu = process.cpuUsage();
  const t = performance.now();
  await run(N);
  const u = process.cpuUsage(cpu);
  const wall = performance.now() - t;
  console.log(
    name.padEnd(40),
    "cpu",
    ((u.user + u.system) / 1000 / N).toFixed(3),
    "ms/q  (user",
    (u.user / 1000 / N).toFixed(3),
    "sys",
    (u.system / 1000 / N).toFixed(3),
    ")  qps",
    ((N / wall) * 1000).toFixed(0),
  );
}
try {
  const api = await stack.startService({ VECTOR_EXACT_SEARCH_MAX_ROWS: 0 }, { workers: false });
  const tenant = await stack.createTenant("cpu");
  const owner = await api.clientOf(tenant);
  const modelId = await registerPrecomputedModel(owner, { name: "cpu-100", dimensions: 100, distance: "cosine" });
  const baseRows = Array.from({ length: 2000 }, (_, row) => row);
  const load = await upsertRows(
    owner,
    modelId,
    split.base,
    baseRows,
    (row) => ({ content: split.baseWords[row]! }),
    progress,
  );
  const rowOfId = rowsOfIds(load.ids, baseRows);
  const clients = await Promise.all(Array.from({ length: LANES }, () => api.clientOf(tenant)));
  const searchCase = {
    queries: split.queries,
    queryRows: Array.from({ length: 1000 }, (_, r) => r),
    topK: 10,
    exact: true,
  };
  const model = { id: modelId, dimensions: 100, distance: "cosine" as const };
  const svc = serviceLanes(clients, modelId, rowOfId, searchCase);
  const sqlL = sqlLanes(stack.sqlPool, tenant, model, rowOfId, searchCase, LANES);
  {
    const c = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 3000));
    const u = process.cpuUsage(c);
    console.log("idle cpu per second", ((u.user + u.system) / 3000).toFixed(1), "ms");
  }
  for (let round = 0; round < 2; round++) {
    await measure("vector.info (public, no db)", () => clients[0]!.vector.info.query());
    await measure("vector.models.get (access + tenant tx)", () => clients[0]!.vector.models.get.query({ modelId }));
    await measure("vector.search exact 2k rows", (i) => svc[0]!(i));
    await measure("SQL lane (index order, no index)", (i) => sqlL[0]!(i));
  }
} finally {
  await stack.close();
}
process.exit(0);
