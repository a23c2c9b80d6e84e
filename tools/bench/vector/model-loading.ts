import type { VectorDistance } from "@cauldron/contracts";
import type { VectorClient } from "./vector-bench-stack";
import { rowNumbers, type VectorSet } from "./vector-set";

const UPSERT_BATCH = 1_000;
const PROGRESS_EVERY_MS = 5_000;
const INDEX_POLL_MS = 250;
const INDEX_WAIT_LIMIT_MS = 20 * 60_000;

/** What one stored row says besides its vector. */
export interface RowItem {
  content: string;
  metadata?: Record<string, unknown>;
}

/** Registers a model whose vectors the caller supplies; returns its id. */
export async function registerPrecomputedModel(
  client: VectorClient,
  model: { name: string; dimensions: number; distance: VectorDistance },
): Promise<string> {
  const registered = await client.vector.models.register.mutate({ ...model, provider: "precomputed" });
  return registered.id;
}

/**
 * Stores `rows` of `set` through vector.embeddings.upsert, 1,000 per call with `concurrency`
 * calls in flight, and returns each row's embedding id (by position in `rows`) and the rate.
 */
export async function upsertRows(
  client: VectorClient,
  modelId: string,
  set: VectorSet,
  rows: readonly number[],
  itemOf: (row: number) => RowItem,
  progress: (text: string) => void,
  concurrency = 2,
): Promise<{ ids: string[]; vectorsPerSecond: number; seconds: number }> {
  const ids = new Array<string>(rows.length);
  const started = performance.now();
  let reported = started;
  let stored = 0;
  let nextBatch = 0;
  const batches = Math.ceil(rows.length / UPSERT_BATCH);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let batch = nextBatch++; batch < batches; batch = nextBatch++) {
        const from = batch * UPSERT_BATCH;
        const slice = rows.slice(from, from + UPSERT_BATCH);
        const items = slice.map((row) => ({ ...itemOf(row), vector: rowNumbers(set, row) }));
        const answer = await client.vector.embeddings.upsert.mutate({ modelId, items });
        answer.items.forEach((item, offset) => (ids[from + offset] = item.id));
        stored += slice.length;
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          const rate = stored / ((reported - started) / 1000);
          progress(
            `  ${stored.toLocaleString("en-US")}/${rows.length.toLocaleString("en-US")} stored, ${Math.round(rate)} vectors/s`,
          );
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ids, vectorsPerSecond: rows.length / seconds, seconds };
}

/** Polls vector.models.get until the model's index is ready, reporting the build's phase and percent. */
export async function waitUntilIndexReady(
  client: VectorClient,
  modelId: string,
  progress: (text: string) => void,
): Promise<void> {
  const started = performance.now();
  let reported = started;
  for (;;) {
    const { index } = await client.vector.models.get.query({ modelId });
    if (index.state === "ready") return;
    if (index.state === "failed")
      throw new Error(`the index build of model ${modelId} failed: ${index.error ?? "no reason given"}`);
    if (performance.now() - started > INDEX_WAIT_LIMIT_MS)
      throw new Error(`model ${modelId}'s index is still ${index.state}`);
    if (performance.now() - reported >= PROGRESS_EVERY_MS) {
      reported = performance.now();
      const at = index.progress ? `, ${index.progress.phase} ${index.progress.percent.toFixed(0)}%` : "";
      progress(`  index ${index.state}${at} (${((reported - started) / 1000).toFixed(0)} s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
}
