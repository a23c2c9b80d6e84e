import type { MetadataFilter } from "@cauldron/contracts";
import type { BenchFigure } from "../bench-report";
import type { DistanceSpace } from "./exact-neighbours";
import { count, millis } from "./findings-table";
import { answerOnEverySide } from "./query-load";
import { recallAtK } from "./recall";
import type { SearchCase } from "./search-case";
import { plannedScans, serviceLanes, type BaselineModel } from "./search-lanes";
import type { BenchTenant, VectorClient } from "./vector-bench-stack";
import type { VectorSet } from "./vector-set";
import { filteredFigures } from "./vector-figures";

/** One metadata filter to search under, with the exact answer under it. */
export interface FilterCase {
  name: string;
  filterOf: (position: number) => MetadataFilter;
  /** Exact top-k among the rows the filter keeps, by query position. */
  truth: Int32Array;
}

/** What a filtered search is measured on. */
export interface FilteredSetup {
  label: string;
  clients: VectorClient[];
  pool: import("pg").Pool;
  tenant: BenchTenant;
  model: BaselineModel;
  rowOfId: ReadonlyMap<string, number>;
  queries: VectorSet;
  queryRows: readonly number[];
  space: DistanceSpace;
  topK: number;
}

/** The findings table's columns for `measureFilteredSearch` rows. */
export const FILTERED_HEADER = [
  "filter",
  "asked for",
  "answered by",
  "recall@10",
  "mean results",
  "QPS",
  "p50 ms",
  "p95 ms",
];

/**
 * Searches under each filter twice, as the service chooses (`exact: false`) and exactly (`exact:
 * true`), and holds recall@10 and the result count against the exact filtered answer. Returns
 * figures for the service's choice, table rows for both, and how Postgres plans the index search.
 */
export async function measureFilteredSearch(
  setup: FilteredSetup,
  filters: readonly FilterCase[],
  progress: (text: string) => void,
): Promise<{ figures: BenchFigure[]; rows: string[][]; plans: string[] }> {
  const figures: BenchFigure[] = [];
  const rows: string[][] = [];
  const plans: string[] = [];
  for (const filter of filters) {
    const searchCase: SearchCase = {
      queries: setup.queries,
      queryRows: setup.queryRows,
      topK: setup.topK,
      filterOf: filter.filterOf,
    };
    plans.push(
      `${filter.name}: ${(await plannedScans(setup.pool, setup.tenant, setup.model, searchCase)).join(" → ")}`,
    );
    for (const exact of [false, true]) {
      const asked = exact ? "exact: true" : "the service's choice";
      progress(`${filter.name}, ${asked}: ${count(setup.queryRows.length)} queries on ${setup.clients.length} lanes`);
      const lanes = serviceLanes(setup.clients, setup.model.id, setup.rowOfId, { ...searchCase, exact });
      const { side } = await answerOnEverySide(setup.queryRows.length, { side: lanes }, { warmup: 20, chunks: 1 });
      const found = side.answers.map((answer) => answer.rows);
      const recall = recallAtK(
        setup.space,
        setup.queries,
        setup.queryRows,
        filter.truth,
        setup.topK,
        found,
        setup.topK,
      );
      const meanCount = found.reduce((sum, answer) => sum + answer.length, 0) / found.length;
      const exactAnswers = side.answers.filter((answer) => answer.strategy === "exact").length;
      if (!exact) figures.push(...filteredFigures(`${setup.label} ${filter.name}`, recall, meanCount, setup.topK));
      rows.push([
        filter.name,
        asked,
        `${count(found.length - exactAnswers)} index / ${count(exactAnswers)} exact`,
        recall.toFixed(3),
        meanCount.toFixed(2),
        count(side.queriesPerSecond),
        millis(side.p50Ms),
        millis(side.p95Ms),
      ]);
    }
  }
  return { figures, rows, plans };
}
