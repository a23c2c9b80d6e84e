import { queryMetricsInputSchema, type MetricAggregate, type QueryMetricsInput } from "@cauldron/contracts";
import { progress } from "./ingest-settings";
import { answerDifferences, type MetricsAnswer } from "./rollup-answers";
import type { RollupLayout } from "./rollup-layout";

/** A way to answer a query: the service's procedure, or the raw-only reference. */
export type AnswerQuery = (input: QueryMetricsInput) => Promise<MetricsAnswer>;

/** One query over the whole span in 1-hour buckets. */
export interface SpanQuery {
  label: string;
  aggregate: MetricAggregate;
  input: QueryMetricsInput;
}

/** The median milliseconds of a query answered both ways. */
export interface QueryTiming {
  label: string;
  oursMs: number;
  rawMs: number;
}

function spanQuery(layout: RollupLayout, aggregate: MetricAggregate, groupBy: string[] = []): SpanQuery {
  const label = `${aggregate}${groupBy.length > 0 ? ` by ${groupBy.join(", ")}` : ""}`;
  const input = queryMetricsInputSchema.parse({
    metric: layout.metrics[0],
    from: layout.from,
    to: layout.to,
    bucket: "1 hour",
    aggregate,
    groupBy,
  });
  return { label, aggregate, input };
}

/** The timed queries: avg, max, and avg per store. */
export function timedQueries(layout: RollupLayout): SpanQuery[] {
  return [spanQuery(layout, "avg"), spanQuery(layout, "max"), spanQuery(layout, "avg", ["store"])];
}

/** Queries only checked for the same answer: every other mergeable aggregate, one of them grouped. */
export function checkedQueries(layout: RollupLayout): SpanQuery[] {
  return [
    spanQuery(layout, "count"),
    spanQuery(layout, "sum", ["region"]),
    spanQuery(layout, "min"),
    spanQuery(layout, "first", ["store"]),
    spanQuery(layout, "last"),
  ];
}

/** Fails unless both ways give the same answer to every query; answers ours, in order. */
export async function checkSameAnswers(
  queries: readonly SpanQuery[],
  ours: AnswerQuery,
  raw: AnswerQuery,
): Promise<MetricsAnswer[]> {
  const answers: MetricsAnswer[] = [];
  for (const query of queries) {
    const answer = await ours(query.input);
    const differences = answerDifferences(answer, await raw(query.input), query.aggregate);
    if (differences.length > 0) {
      throw new Error(`${query.label}: rollups and raw rows disagree: ${differences.slice(0, 5).join("; ")}`);
    }
    answers.push(answer);
  }
  return answers;
}

async function millisecondsOf(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Times each query both ways in turns, `rounds` times, after the warm-up the check gave them. */
export async function timeQueries(
  queries: readonly SpanQuery[],
  ours: AnswerQuery,
  raw: AnswerQuery,
  rounds: number,
): Promise<QueryTiming[]> {
  const taken = queries.map(() => ({ ours: [] as number[], raw: [] as number[] }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, query] of queries.entries()) {
      taken[index]!.ours.push(await millisecondsOf(() => ours(query.input)));
      taken[index]!.raw.push(await millisecondsOf(() => raw(query.input)));
      const last = (values: number[]) => values.at(-1)!.toFixed(1);
      progress(
        `round ${round + 1}/${rounds}: ${query.label}: rollups ${last(taken[index]!.ours)} ms, raw ${last(taken[index]!.raw)} ms`,
      );
    }
  }
  return queries.map((query, index) => ({
    label: query.label,
    oursMs: median(taken[index]!.ours),
    rawMs: median(taken[index]!.raw),
  }));
}
