import { createDatabase } from "@cauldron/db";
import { createVectorService } from "@cauldron/service-vector";
import { startTestService, createTestDatabase } from "@cauldron/testing";
import { CompiledQuery, type KyselyPlugin, PostgresQueryCompiler } from "kysely";
import { startVectorBenchStack } from "./vector-bench-stack";
import { registerPrecomputedModel, upsertRows, waitUntilIndexReady } from "./model-loading";
import { loadGloveBenchWords } from "./glove-words";
import { packVector } from "@cauldron/contracts";

const progress = (t: string) => console.log(t);
const { split } = await loadGloveBenchWords(progress);
const stack = await startVectorBenchStack();
const counts = new Map<string, number>();
const compiler = new PostgresQueryCompiler();
const plugin: KyselyPlugin = {
  transformQuery: ({ node }) => {
    let key: string;
    try {
      key = compiler
        .compileQuery(node as never, { queryId: "x" } as never)
        .sql.replace(/\s+/g, " ")
        .slice(0, 70);
    } catch {
      key = node.kind;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return node;
  },
  transformResult: async ({ result }) => result,
};
try {
  const api = await stack.startService({ VECTOR_EXACT_SEARCH_MAX_ROWS: 0 }, { workers: false });
  const tenant = await stack.createTenant("count");
  const owner = await api.clientOf(tenant);
  const modelId = await registerPrecomputedModel(owner, { name: "c", dimensions: 100, distance: "cosine" });
  const rows = Array.from({ length: 2000 }, (_, r) => r);
  await upsertRows(owner, modelId, split.base, rows, (r) => ({ content: split.baseWords[r]! }), progress);
  const builder = await stack.startService({}, { workers: true });
  await waitUntilIndexReady(owner, modelId, progress);
  await builder.stop();
  const db = createDatabase({ url: stack.database.appUrl, poolMax: 10 }).withPlugin(plugin);
  const svc = await startTestService(createVectorService({ config: { VECTOR_EXACT_SEARCH_MAX_ROWS: 0 } }), {
    db,
    workers: false,
  });
  await svc.dependencies.redis.connect();
  const token = await svc.signer.issueAccessToken({ userId: tenant.userId, expiresInSeconds: 3600 });
  const clients = Array.from({ length: 8 }, () => svc.client({ token, organizationId: tenant.organizationId }));
  if (process.env.SETTLE) await stack.settleEmbeddings();
  const one = await clients[0]!.vector.search.query({
    modelId,
    vector: packVector(Array.from(split.queries.values.subarray(0, 100))),
    topK: 10,
  });
  console.log("strategy", one.strategy, one.hits.length);
  const N = Number(process.env.N ?? 800);
  let next = 0;
  await Promise.all(
    clients.map(async (c) => {
      for (let i = next++; i < N; i = next++)
        await c.vector.search.query({
          modelId,
          vector: packVector(Array.from(split.queries.values.subarray((i % 1000) * 100, (i % 1000) * 100 + 100))),
          topK: 10,
        });
    }),
  );
  await new Promise((r) => setTimeout(r, 1000));
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log((n / N).toFixed(2), k);
  await svc.close();
  await db.destroy();
} finally {
  await stack.close();
}
process.exit(0);
