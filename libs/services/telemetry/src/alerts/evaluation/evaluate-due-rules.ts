import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { claimDueRule, dueRuleIds, postponeRule } from "./due-rules";
import { evaluateRule, type RuleOutcome } from "./evaluate-rule";

/** How a run of the evaluator goes; every field has a default suited to the job. */
export interface EvaluationOptions {
  /** The clock the run judges by (tests and benchmarks choose it). */
  now?: Date;
  /** Most rules one run evaluates; the rest wait for the next run. */
  limit?: number;
  /** Due rules listed at a time. */
  batchSize?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/** What a run did, summed over its rules. */
export interface EvaluationCounts {
  evaluated: number;
  pending: number;
  fired: number;
  resolved: number;
  failed: number;
}

async function evaluateOne(db: Kysely<Database>, ruleId: string, now: Date): Promise<RuleOutcome | null> {
  return withSystem(db, async (trx) => {
    const rule = await claimDueRule(trx, ruleId, now);
    if (!rule) return null;
    return evaluateRule(trx, rule, now);
  });
}

/**
 * Evaluates the rules of every organization that are due at `now`, as the system role, one
 * transaction per rule: a rule another evaluation holds is skipped, and a rule whose evaluation
 * fails is logged and put off until its next turn, so it cannot hold up the others.
 */
export async function evaluateDueRules(
  db: Kysely<Database>,
  options: EvaluationOptions = {},
): Promise<EvaluationCounts> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 10_000;
  const counts: EvaluationCounts = { evaluated: 0, pending: 0, fired: 0, resolved: 0, failed: 0 };
  const done = () => counts.evaluated + counts.failed;
  while (done() < limit && !options.signal?.aborted) {
    const batch = Math.min(options.batchSize ?? 200, limit - done());
    const ruleIds = await withSystem(db, (trx) => dueRuleIds(trx, now, batch));
    const before = done();
    for (const ruleId of ruleIds) {
      if (options.signal?.aborted) break;
      try {
        const outcome = await evaluateOne(db, ruleId, now);
        if (!outcome) continue;
        counts.evaluated += 1;
        counts.pending += outcome.pending;
        counts.fired += outcome.fired;
        counts.resolved += outcome.resolved;
        if (outcome.truncated)
          options.logger?.warn({ ruleId }, "alert rule window holds too many groups; read in part");
      } catch (error) {
        counts.failed += 1;
        options.logger?.error({ err: error, ruleId }, "alert rule evaluation failed; retrying at its next turn");
        await withSystem(db, (trx) => postponeRule(trx, ruleId, now));
      }
    }
    // Every rule listed was skipped (held elsewhere) or none was due: nothing more to do now.
    if (done() === before) break;
  }
  return counts;
}
