import { withSystem } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { buildModelIndex } from "./model-index-build";
import { modelsAwaitingIndex } from "./model-index-queries";

/**
 * The job that builds each registered model's HNSW index, one model after another. A run that
 * outlasts the job's lease is told to stop: it starts no further build, but lets the one under way
 * finish within its statement timeout, since cancelling would only restart it from nothing; the
 * build's lock keeps a new leader from building the same model meanwhile (model-index-build.ts).
 */
export function modelIndexJob(options: { everyMs: number; statementTimeoutMs: number }): JobWorker {
  return {
    kind: "job",
    name: "vector.build-model-indexes",
    everyMs: options.everyMs,
    async run({ db, logger, signal }) {
      const models = await withSystem(db, (trx) => modelsAwaitingIndex(trx));
      for (const model of models) {
        if (signal.aborted) break;
        const context = { modelId: model.id, model: model.name, dimensions: model.dimensions };
        const started = performance.now();
        const outcome = await buildModelIndex(db, model.id, {
          statementTimeoutMs: options.statementTimeoutMs,
          onStart: () => logger.info({ ...context, state: "building" }, "building the model's HNSW index"),
        });
        const durationMs = Math.round(performance.now() - started);
        if (outcome.state === "ready") {
          logger.info(
            { ...context, state: "ready", indexName: outcome.indexName, durationMs },
            "built the model's HNSW index",
          );
        } else if (outcome.state === "failed") {
          logger.warn(
            { ...context, state: "failed", error: outcome.error, durationMs },
            "the model's HNSW index failed to build",
          );
        } else if (outcome.state === "interrupted") {
          logger.warn(
            { ...context, state: "building", error: outcome.error, durationMs },
            "the model's index build lost its connection; the next run builds it again",
          );
        } else {
          logger.debug({ ...context, state: "building" }, "left the model's index to the build already under way");
        }
      }
    },
  };
}
