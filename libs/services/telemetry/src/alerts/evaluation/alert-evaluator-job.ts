import type { JobWorker } from "@cauldron/rpc";
import { evaluateDueRules } from "./evaluate-due-rules";

/**
 * Evaluates due alert rules once per deployment every `everyMs` (10 s by default); each rule's own
 * `evaluateEvery` decides how often it is due.
 */
export function alertEvaluatorJob(options: { everyMs?: number; limit?: number } = {}): JobWorker {
  return {
    kind: "job",
    name: "telemetry.alert-evaluator",
    everyMs: options.everyMs ?? 10_000,
    async run({ db, logger, signal }) {
      const counts = await evaluateDueRules(db, {
        signal,
        logger,
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
      });
      if (counts.fired + counts.resolved + counts.failed > 0) logger.info(counts, "evaluated alert rules");
    },
  };
}
