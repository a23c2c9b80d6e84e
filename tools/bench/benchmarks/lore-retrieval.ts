import type { LoreSearchMode } from "@cauldron/contracts";
import type { BenchFigure } from "../bench-report";
import { evenSample } from "../lore/even-sample";
import { knownAnswerQueries, type KnownAnswerQuery } from "../lore/known-answer-queries";
import { populateOrganization } from "../lore/bulk-organization";
import { startLoreBenchStack, type LoreClient } from "../lore/lore-bench-stack";
import { loadManualPages, manualDocument } from "../lore/postgres-manual";
import { count, findingsTable } from "../vector/findings-table";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

const PAGES = Number(process.env.LORE_BENCH_RETRIEVAL_DOCUMENTS ?? Number.POSITIVE_INFINITY);
const QUERIES = Number(process.env.LORE_BENCH_RETRIEVAL_QUERIES ?? 400);
const K = 5;
const LANES = 2;
const GLOVE_MODEL = "wink-glove-100";
const MODES = ["text", "semantic", "hybrid"] as const satisfies readonly LoreSearchMode[];

/** How often the answer was among the top K hits, and at the top. */
interface ModeRecall {
  atK: number;
  atOne: number;
  seconds: number;
}

async function recallOf(
  client: LoreClient,
  mode: LoreSearchMode,
  queries: readonly KnownAnswerQuery[],
  answerOf: ReadonlyMap<string, string>,
): Promise<ModeRecall> {
  let next = 0;
  let atK = 0;
  let atOne = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let position = next++; position < queries.length; position = next++) {
        const { query, answerFile } = queries[position]!;
        const { hits } = await client.lore.search.query({ query, mode, limit: K });
        const place = hits.findIndex((hit) => hit.documentId === answerOf.get(answerFile));
        if (place >= 0) atK += 1;
        if (place === 0) atOne += 1;
      }
    }),
  );
  return { atK: atK / queries.length, atOne: atOne / queries.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * lore.search on known-answer queries made mechanically from the PostgreSQL manual: each section
 * title (h2/h3) found on one page only is a query whose answer is that page. recall@5 of hybrid,
 * text-only and semantic-only search, with the organization embedding with the built-in GloVe
 * model (wink-glove-100); hybrid is held against text-only.
 */
export async function benchLoreRetrieval(): Promise<BenchFigure[]> {
  const pages = (await loadManualPages(progress)).slice(0, PAGES);
  const queries = evenSample(knownAnswerQueries(pages), QUERIES);
  progress(
    `${count(pages.length)} manual pages; ${count(queries.length)} known-answer queries (section titles on one page only, ` +
      `page titles left out; LORE_BENCH_RETRIEVAL_QUERIES)`,
  );

  progress("cloning a database from the migrated template; booting vector and lore (workers on)");
  const stack = await startLoreBenchStack("none");
  try {
    const tenant = await stack.createTenant("retrieval");
    const vector = await stack.vectorClient(tenant);
    const { items } = await vector.vector.models.list.query({ provider: "glove" });
    const glove = items.find((model) => model.name === GLOVE_MODEL);
    if (!glove) throw new Error(`the built-in model ${GLOVE_MODEL} is not registered`);
    await vector.vector.models.setDefault.mutate({ modelId: glove.id });
    progress(`${GLOVE_MODEL} is the organization's default model (the vector service loads it on first use, ~1 GB)`);

    const { ids } = await populateOrganization(stack, tenant, pages.map(manualDocument), progress);
    const answerOf = new Map(pages.map((page, index) => [page.file, ids[index]!]));
    const client = await stack.loreClient(tenant);
    const recalls = {} as Record<(typeof MODES)[number], ModeRecall>;
    for (const mode of MODES) {
      recalls[mode] = await recallOf(client, mode, queries, answerOf);
      progress(`${mode}: recall@${K} ${recalls[mode].atK.toFixed(3)} (${recalls[mode].seconds.toFixed(1)} s)`);
    }

    process.stdout.write(
      findingsTable(
        `lore.search recall on ${count(queries.length)} PostgreSQL manual section titles (answer: the page holding the section), ${count(pages.length)} pages, ${GLOVE_MODEL}`,
        ["mode", `recall@${K}`, "answer first", "searches/s"],
        MODES.map((mode) => [
          mode,
          recalls[mode].atK.toFixed(3),
          recalls[mode].atOne.toFixed(3),
          count(queries.length / recalls[mode].seconds),
        ]),
        [`${LANES} searches at a time; limit ${K}; a hit counts when it is the answer page's document.`],
      ),
    );
    return [
      {
        name: `lore.search hybrid recall@${K}, manual section titles (${GLOVE_MODEL})`,
        unit: "",
        ours: recalls.hybrid.atK,
        baseline: recalls.text.atK,
        baselineName: "text-only search, same queries, same run",
        higherIsBetter: true,
      },
    ];
  } finally {
    await stack.close();
  }
}
