import { toVectorLiteral, withSystem } from "@cauldron/db";
import { sql } from "kysely";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { indexBuildLabel } from "./index-build-progress";
import { modelIndexJob } from "./model-index-job";

// The job is run by hand here (no workers), so each test decides when a build starts.
let kit: VectorTestKit;
let organization: VectorTestOrganization;

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  organization = await kit.createOrganization("index-job");
});

afterAll(async () => {
  await kit?.close();
});

const silent = pino({ enabled: false });

function runIndexJob(options: { statementTimeoutMs?: number } = {}): Promise<void> {
  const job = modelIndexJob({ everyMs: 1_000, statementTimeoutMs: options.statementTimeoutMs ?? 60_000 });
  return job.run({ db: kit.database.db, logger: silent, signal: new AbortController().signal, instanceId: "replica" });
}

async function registerModel(name: string, dimensions = 16) {
  return kit.ownerOf(organization).vector.models.register.mutate({ name, provider: "precomputed", dimensions });
}

const indexOf = async (modelId: string) => (await kit.ownerOf(organization).vector.models.get.query({ modelId })).index;

/**
 * Holds the name the model's index will take in an open transaction: CREATE INDEX then waits for
 * that transaction inside its build, with its progress row already showing. Resolves to the release.
 */
async function holdIndexName(modelId: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: kit.database.ownerUrl });
  await client.connect();
  await client.query("begin");
  await client.query(
    `create table vector.${client.escapeIdentifier(`embeddings_hnsw_${modelId.replaceAll("-", "")}`)} ()`,
  );
  return async () => {
    await client.query("rollback");
    await client.end();
  };
}

describe("the model index job", () => {
  it("shows a running build's phase and percent, read from pg_stat_progress_create_index", async () => {
    const model = await registerModel("watched-build");
    const release = await holdIndexName(model.id);
    const run = runIndexJob();
    await expect.poll(async () => (await indexOf(model.id)).progress, { timeout: 10_000 }).not.toBeNull();
    expect(await indexOf(model.id)).toMatchObject({
      state: "building",
      progress: { phase: "initializing", percent: 0 },
    });
    const listed = await kit.ownerOf(organization).vector.models.list.query({ limit: 200 });
    expect(listed.items.find((item) => item.id === model.id)?.index.progress).toEqual({
      phase: "initializing",
      percent: 0,
    });

    await release();
    await run;
    expect(await indexOf(model.id)).toMatchObject({ state: "ready", progress: null, error: null });
  });

  it("builds a model's index over the embeddings it already holds", async () => {
    const model = await registerModel("filled-before-build", 8);
    await withSystem(kit.database.ownerDb, (trx) =>
      trx
        .insertInto("vector.embeddings")
        .values(
          Array.from({ length: 2_000 }, (_, row) => ({
            organization_id: organization.id,
            model_id: model.id,
            model: model.name,
            content: `row ${row}`,
            embedding: toVectorLiteral(Array.from({ length: 8 }, (_, i) => Math.sin((row + 1) * (i + 1)))),
            dimensions: 8,
          })),
        )
        .execute(),
    );
    await runIndexJob();
    expect(await indexOf(model.id)).toMatchObject({ state: "ready", error: null });
    const { rows } = await sql<{ valid: boolean; tuples: number }>`
      select i.indisvalid as valid, c.reltuples::int as tuples
      from vector.embedding_models m
      join pg_class c on c.relname = m.index_name and c.relnamespace = 'vector'::regnamespace
      join pg_index i on i.indexrelid = c.oid
      where m.id = ${model.id}
    `.execute(kit.database.ownerDb);
    expect(rows).toEqual([{ valid: true, tuples: 2_000 }]);
  });

  it("leaves a model to the build already under way instead of building it twice", async () => {
    const model = await registerModel("contended-build");
    const release = await holdIndexName(model.id);
    const first = runIndexJob();
    await expect.poll(async () => (await indexOf(model.id)).progress, { timeout: 10_000 }).not.toBeNull();

    // A second leader (the first one's lease ran out) finds the build's lock held and moves on.
    await runIndexJob();
    expect((await indexOf(model.id)).state).toBe("building");

    await release();
    await first;
    expect(await indexOf(model.id)).toMatchObject({ state: "ready", error: null });
  });

  it("builds again a model left building by a replica that died", async () => {
    const model = await registerModel("orphaned-build");
    await withSystem(kit.database.ownerDb, (trx) =>
      trx.updateTable("vector.embedding_models").set({ index_state: "building" }).where("id", "=", model.id).execute(),
    );
    expect((await indexOf(model.id)).progress).toBeNull();
    await runIndexJob();
    expect(await indexOf(model.id)).toMatchObject({ state: "ready", error: null });
  });

  it("builds again a model whose build lost its connection, instead of failing it", async () => {
    const model = await registerModel("cut-off-build");
    const release = await holdIndexName(model.id);
    const run = runIndexJob();
    await expect.poll(async () => (await indexOf(model.id)).progress, { timeout: 10_000 }).not.toBeNull();
    await sql`
      select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${indexBuildLabel(model.id)}
    `.execute(kit.database.db);
    await run;
    await release();
    expect(await indexOf(model.id)).toMatchObject({ state: "building", error: null, progress: null });

    await runIndexJob();
    expect(await indexOf(model.id)).toMatchObject({ state: "ready", error: null });
  });

  it("marks a model failed with Postgres's message when its build outlasts the statement timeout", async () => {
    const model = await registerModel("slow-build");
    const release = await holdIndexName(model.id);
    try {
      await runIndexJob({ statementTimeoutMs: 300 });
    } finally {
      await release();
    }
    expect(await indexOf(model.id)).toMatchObject({
      state: "failed",
      error: "canceling statement due to statement timeout",
      builtAt: null,
      progress: null,
    });

    // A failed model waits for a person; later runs leave it as it is.
    await runIndexJob();
    expect((await indexOf(model.id)).state).toBe("failed");
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from pg_indexes where schemaname = 'vector' and indexdef like ${`%${model.id}%`}
    `.execute(kit.database.ownerDb);
    expect(rows).toEqual([{ count: 0 }]);
  });
});
