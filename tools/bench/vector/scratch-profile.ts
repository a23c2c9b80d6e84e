import { Session } from "node:inspector/promises";
import { writeFile } from "node:fs/promises";
import { loadGloveBenchWords } from "./glove-words";
import { loadFashionMnist } from "./fashion-mnist";
import { registerPrecomputedModel, upsertRows, waitUntilIndexReady } from "./model-loading";
import { answerOnEverySide } from "./query-load";
import { rowsOfIds } from "./search-case";
import { serviceLanes, sqlLanes } from "./search-lanes";
import { startVectorBenchStack } from "./vector-bench-stack";
import pg from "pg";

async function sampleActivity<T>(database: string, work: () => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:54329/postgres" });
  await admin.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let done = false;
  const loop = (async () => {
    while (!done) {
      const { rows } = await admin.query<{ q: string; w: string | null }>(
        "select left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as q, wait_event_type || ':' || wait_event as w from pg_stat_activity where datname = $1 and state = 'active' and pid <> pg_backend_pid()",
        [database],
      );
      samples += 1;
      for (const row of rows) {
        const key = `${row.w ?? "cpu"} | ${row.q}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  try {
    return await work();
  } finally {
    done = true;
    await loop;
    await admin.end();
    console.log(`  pg activity: ${samples} samples; mean active backends by query:`);
    for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 14))
      console.log(`   ${(n / samples).toFixed(2)}  ${key}`);
  }
}

const progress = (text: string) => process.stdout.write(`  ${text}\n`);
const ROWS = Number(process.env.ROWS ?? 20_000);
const QUERIES = 1_000;
const LANES = 8;
const profileTo = process.env.PROFILE_TO;

const FASHION = process.env.SET === "fashion";
const split = FASHION
  ? await loadFashionMnist(progress).then((d) => ({
      base: d.train,
      queries: d.test,
      baseWords: Array.from({ length: d.train.count }, (_, i) => `image ${i}`),
    }))
  : (await loadGloveBenchWords(progress)).split;
const DIMS = FASHION ? 784 : 100;
const DISTANCE = FASHION ? ("l2" as const) : ("cosine" as const);
const stack = await startVectorBenchStack();
try {
  const api = await stack.startService({ VECTOR_EXACT_SEARCH_MAX_ROWS: 0 }, { workers: false });
  const tenant = await stack.createTenant("profile");
  const owner = await api.clientOf(tenant);
  const modelId = await registerPrecomputedModel(owner, { name: "profile", dimensions: DIMS, distance: DISTANCE });
  const baseRows = Array.from({ length: ROWS }, (_, row) => row);
  const load = await upsertRows(
    owner,
    modelId,
    split.base,
    baseRows,
    (row) => ({ content: split.baseWords[row]! }),
    progress,
  );
  const builder = await stack.startService({}, { workers: true });
  await waitUntilIndexReady(owner, modelId, progress);
  await builder.stop();
  await stack.settleEmbeddings();
  const rowOfId = rowsOfIds(load.ids, baseRows);
  const clients = await Promise.all(Array.from({ length: LANES }, () => api.clientOf(tenant)));
  const searchCase = { queries: split.queries, queryRows: Array.from({ length: QUERIES }, (_, r) => r), topK: 10 };
  const model = { id: modelId, dimensions: DIMS, distance: DISTANCE };
  const before = stack.statementsSent();
  const warm = await answerOnEverySide(
    QUERIES,
    {
      service: serviceLanes(clients, modelId, rowOfId, searchCase),
      SQL: sqlLanes(stack.sqlPool, tenant, model, rowOfId, searchCase, LANES),
    },
    { warmup: 100, chunks: 2 },
  );
  progress(`statements per search ${((stack.statementsSent() - before) / (QUERIES + 100)).toFixed(1)}`);
  for (const [side, result] of Object.entries(warm)) {
    progress(
      `${side}: ${result.queriesPerSecond.toFixed(0)} q/s p50 ${result.p50Ms.toFixed(1)} busy ${(result.eventLoopBusy * 100).toFixed(0)}%`,
    );
  }
  if (process.env.CHILD) {
    const { spawn } = await import("node:child_process");
    const { createInterface } = await import("node:readline");
    const { createServiceClient } = await import("@cauldron/client-core");
    const child = spawn(process.execPath, ["--import", "tsx", "tools/bench/vector/scratch-server.ts"], {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        SCRATCH_DB_URL: stack.database.appUrl,
        SCRATCH_USERS: JSON.stringify([tenant.userId]),
        SCRATCH_CONFIG: JSON.stringify({ VECTOR_EXACT_SEARCH_MAX_ROWS: 0 }),
      },
    });
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once("line", resolve),
    );
    const info = JSON.parse(line) as { url: string; tokens: Record<string, string> };
    const remote = Array.from({ length: LANES }, () =>
      createServiceClient<import("@cauldron/service-vector").VectorRouter>({
        url: info.url,
        token: info.tokens[tenant.userId],
        organizationId: tenant.organizationId,
      }),
    );
    for (let round = 0; round < 2; round++) {
      const r = await answerOnEverySide(
        QUERIES,
        {
          inProcess: serviceLanes(clients, modelId, rowOfId, searchCase),
          child: serviceLanes(remote as never, modelId, rowOfId, searchCase),
          SQL: sqlLanes(stack.sqlPool, tenant, model, rowOfId, searchCase, LANES),
        },
        { warmup: 100, chunks: 2 },
      );
      for (const [side, result] of Object.entries(r))
        progress(
          `${side}: ${result.queriesPerSecond.toFixed(0)} q/s p50 ${result.p50Ms.toFixed(1)} busy ${(result.eventLoopBusy * 100).toFixed(0)}%`,
        );
    }
    child.kill("SIGTERM");
  }
  if (process.env.LOCKS) {
    const c = await stack.sqlPool.connect();
    try {
      await c.query("begin");
      await c.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
        tenant.userId,
        tenant.organizationId,
      ]);
      const show = async (when: string) => {
        const { rows } = await c.query(
          "select locktype, relation::regclass::text as rel, mode, fastpath from pg_locks where pid = pg_backend_pid() and locktype = 'relation' order by fastpath desc, rel",
        );
        console.log(`  ${when}: ${rows.length} relation locks, ${rows.filter((r) => r.fastpath).length} fast-path`);
        for (const r of rows) console.log(`     ${r.fastpath ? "fast" : "MAIN"} ${r.rel} ${r.mode}`);
      };
      await show("after tenant settings");
      await c.query("select * from vector.embedding_models where id = $1", [modelId]);
      await show("after model lookup");
      const lit = "[" + Array.from({ length: DIMS }, () => "0.1").join(",") + "]";
      await c.query(
        `select e.id from vector.embeddings e where e.organization_id = $2 and e.model_id = $3 order by e.embedding::vector(${DIMS}) <-> $1::vector(${DIMS}) limit 10`,
        [lit, tenant.organizationId, modelId],
      );
      await show("after search");
      await c.query("rollback");
    } finally {
      c.release();
    }
  }
  if (process.env.ACTIVITY) {
    const db = stack.database.name;
    for (const side of ["service", "SQL"] as const) {
      console.log(`  ${side}:`);
      await sampleActivity(db, () =>
        answerOnEverySide(
          QUERIES,
          side === "service"
            ? { s: serviceLanes(clients, modelId, rowOfId, searchCase) }
            : { s: sqlLanes(stack.sqlPool, tenant, model, rowOfId, searchCase, LANES) },
          { warmup: 0, chunks: 1 },
        ).then((r) => console.log(`  ${r.s.queriesPerSecond.toFixed(0)} q/s`)),
      );
    }
  }
  if (profileTo) {
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await answerOnEverySide(
      QUERIES,
      { service: serviceLanes(clients, modelId, rowOfId, searchCase) },
      { warmup: 0, chunks: 1 },
    );
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const { profile } = await session.post("Profiler.stop");
    await writeFile(profileTo, JSON.stringify(profile));
    progress(
      `profiled: ${(wall / QUERIES).toFixed(2)} ms wall per query; cpu ${((cpu.user + cpu.system) / 1000 / QUERIES).toFixed(2)} ms per query`,
    );
  }
} finally {
  await stack.close();
}
process.exit(0);
