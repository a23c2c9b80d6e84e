import type { CompiledQuery } from "kysely";
import { isDeepStrictEqual } from "node:util";
import type { BenchFigure } from "../bench-report";
import { loadCorpusSources } from "../lore/corpus-sources";
import { evenSample } from "../lore/even-sample";
import { populateOrganization } from "../lore/bulk-organization";
import { startLoreBenchStack } from "../lore/lore-bench-stack";
import { composeOrganizationCorpus } from "../lore/organization-corpus";
import { replayInOneRoundTrip, tenantTransaction } from "../lore/statement-replay";
import { count, findingsTable, millis } from "../vector/findings-table";
import { answerOnEverySide, type Lane } from "../vector/query-load";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

const DOCUMENTS = Number(process.env.LORE_BENCH_DOCUMENTS ?? 10_000);
const QUERIES = Number(process.env.LORE_BENCH_SEARCH_QUERIES ?? 200);
const LIMIT = 10;
const CHECKED = 20;
const SQL_BASELINE = "the service's own search SQL via pg (its tenant transaction, recorded, one round trip)";

/**
 * lore.search in text mode on an organization of 10,000 documents made of the three public
 * corpora: p50 and p95 over real phrases (section titles of the manual's pages), one search at a
 * time, beside the very statements the service sent for each query replayed on a bare pg pool as
 * the same tenant (settings and search in one transaction, one round trip). A few documents are
 * created through lore.documents.create, the rest added in bulk to the same end state
 * (bulk-organization.ts), since creating 10,000 one by one would take most of the bench's budget.
 */
export async function benchLoreSearch(): Promise<BenchFigure[]> {
  const sources = await loadCorpusSources(progress);
  const corpus = composeOrganizationCorpus(sources, DOCUMENTS);
  progress(corpus.description);
  const inOrganization = new Set(corpus.documents.map((document) => document.source));
  const titles = new Map<string, string>();
  for (const page of sources.manualPages) {
    if (!inOrganization.has(`postgresql-manual/${page.file}`)) continue;
    for (const title of page.sectionTitles) titles.set(title.toLowerCase(), title);
  }
  const queries = evenSample([...titles.values()], QUERIES);

  progress("cloning a database from the migrated template; booting vector and lore (hash model, workers on)");
  const stack = await startLoreBenchStack("none");
  try {
    const tenant = await stack.createTenant("search");
    await populateOrganization(stack, tenant, corpus.documents, progress);

    const client = await stack.loreClient(tenant, stack.quietLore);
    const search = (position: number) =>
      client.lore.search.query({ query: queries[position]!, mode: "text", limit: LIMIT });
    progress(`recording the SQL of ${count(queries.length)} text searches (section titles of the manual's pages)`);
    const transactions: CompiledQuery[][] = [];
    let statementsSent = 0;
    let hitsSeen = 0;
    for (let position = 0; position < queries.length; position += 1) {
      const { result, statements } = await stack.recordStatements(() => search(position));
      transactions.push(tenantTransaction(statements));
      statementsSent += statements.length;
      hitsSeen += result.hits.length;
      if (position % 50 === 49) progress(`recorded ${position + 1} of ${queries.length}`);
      if (position < CHECKED) {
        const replayed = await replayInOneRoundTrip<{ documentId: string }>(stack.sqlPool, transactions[position]!);
        const ours = result.hits.map((hit) => hit.documentId);
        if (
          !isDeepStrictEqual(
            ours,
            replayed.map((row) => row.documentId),
          )
        ) {
          throw new Error(`query "${queries[position]}": the replayed SQL found other documents than the service`);
        }
      }
    }

    progress(`timing ${count(queries.length)} searches per side, one at a time, sides in turns`);
    const sides: Record<"service" | "SQL", Lane<unknown>[]> = {
      service: [search],
      SQL: [(position) => replayInOneRoundTrip(stack.sqlPool, transactions[position]!)],
    };
    const results = await answerOnEverySide(queries.length, sides, { warmup: 20, chunks: 4 });
    const service = results.service;
    const sql = results.SQL;
    const figure = (quantile: "p50" | "p95", ours: number, baseline: number): BenchFigure => ({
      name: `lore.search text, ${count(corpus.documents.length)} documents: ${quantile}`,
      unit: "ms",
      ours,
      baseline,
      baselineName: SQL_BASELINE,
      higherIsBetter: false,
    });
    const replayedStatements = transactions.reduce((sum, statements) => sum + statements.length, 0);
    process.stdout.write(
      findingsTable(
        `lore.search mode text, limit ${LIMIT}, ${count(queries.length)} queries (distinct h2/h3 titles of the manual pages in the organization; LORE_BENCH_SEARCH_QUERIES), one at a time`,
        ["side", "p50 ms", "p95 ms", "QPS", "event loop busy"],
        [service, sql].map((result, index) => [
          index === 0 ? "service" : "SQL",
          millis(result.p50Ms),
          millis(result.p95Ms),
          count(result.queriesPerSecond),
          `${(result.eventLoopBusy * 100).toFixed(0)}%`,
        ]),
        [
          `Organization: ${corpus.description} (LORE_BENCH_DOCUMENTS); a few created through lore.documents.create, the rest added in bulk to the same end state.`,
          `${(hitsSeen / queries.length).toFixed(1)} hits per search on average. The service sent ${(statementsSent / queries.length).toFixed(1)} statements per search; ` +
            `the baseline replays the ${(replayedStatements / queries.length).toFixed(1)} of its tenant transaction.`,
          `The first ${CHECKED} replays returned the service's documents in the service's order.`,
        ],
      ),
    );
    return [figure("p50", service.p50Ms, sql.p50Ms), figure("p95", service.p95Ms, sql.p95Ms)];
  } finally {
    await stack.close();
  }
}
