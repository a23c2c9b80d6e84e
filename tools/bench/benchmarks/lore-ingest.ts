import type { BenchFigure } from "../bench-report";
import type { CorpusDocument } from "../lore/corpus-document";
import { loadCorpusSources } from "../lore/corpus-sources";
import { createDocuments } from "../lore/create-documents";
import { evenSample } from "../lore/even-sample";
import { waitUntilExtracted } from "../lore/extraction-progress";
import { waitUntilInGraph, waitUntilIndexed } from "../lore/index-progress";
import { startLoreBenchStack } from "../lore/lore-bench-stack";
import { addressDocument } from "../lore/sotu-addresses";
import { insertWithSql } from "../lore/sql-ingest";
import { readWrittenDocuments } from "../lore/written-document";
import { count, findingsTable } from "../vector/findings-table";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

/** Concurrent clients calling lore.documents.create; the SQL baseline runs as many transactions at once. */
const CLIENTS = 4;
const SQL_BATCH = 50;
/** About this many megabytes of each corpus, its documents sampled evenly (a whole corpus when it is smaller). */
const MEGABYTES_PER_CORPUS = Number(process.env.LORE_BENCH_INGEST_MB ?? 2);
const SQL_BASELINE = `same document, version and chunk rows by plain SQL, ${SQL_BATCH} documents per transaction, ${CLIENTS} at once`;

/** Documents spread evenly through the corpus, as many as hold about `bytes` of content. */
function sampleOfSize(documents: readonly CorpusDocument[], bytes: number): CorpusDocument[] {
  const total = documents.reduce((sum, document) => sum + Buffer.byteLength(document.content), 0);
  return evenSample(documents, Math.max(1, Math.round(documents.length * Math.min(1, bytes / total))));
}

interface Corpus {
  name: string;
  documents: CorpusDocument[];
}

/**
 * lore.documents.create on three public corpora (whole State of the Union addresses as plain
 * text, PostgreSQL manual pages as HTML, Fastify's Markdown docs): documents/s and chunks/s with a
 * few concurrent clients, beside the same rows lore wrote (chunker output included) inserted by
 * plain SQL in batches, i.e. what extraction, chunking, audit and events cost over bare writes.
 * Also how long after the last create every document was indexed (chunks embedded by vector).
 */
export async function benchLoreIngest(): Promise<BenchFigure[]> {
  const sources = await loadCorpusSources(progress);
  const corpora: Corpus[] = [
    { name: "State of the Union", documents: sources.addresses.map(addressDocument) },
    { name: "PostgreSQL manual", documents: sources.manual },
    { name: "Fastify docs", documents: sources.fastify },
  ].map((corpus) => ({ ...corpus, documents: sampleOfSize(corpus.documents, MEGABYTES_PER_CORPUS * 1e6) }));

  progress("cloning a database from the migrated template; booting vector and lore (hash model, workers on)");
  const stack = await startLoreBenchStack("builtin");
  try {
    const figures: BenchFigure[] = [];
    const rows: string[][] = [];
    for (const corpus of corpora) {
      const megabytes = corpus.documents.reduce((sum, document) => sum + Buffer.byteLength(document.content), 0) / 1e6;
      progress(
        `${corpus.name}: creating ${count(corpus.documents.length)} documents (${megabytes.toFixed(1)} MB) with ${CLIENTS} clients`,
      );
      const tenant = await stack.createTenant("ingest");
      const clients = await Promise.all(Array.from({ length: CLIENTS }, () => stack.loreClient(tenant)));
      const created = await createDocuments(clients, corpus.documents, progress);
      const indexedAfter =
        (await waitUntilIndexed(stack.database.ownerDb, tenant.organizationId, progress)) +
        (await waitUntilInGraph(stack.database.ownerDb, tenant.organizationId, progress));
      const extractedAfter = indexedAfter + (await waitUntilExtracted(stack, progress));
      const written = await readWrittenDocuments(stack.database.ownerDb, created.ids);
      const chunks = written.reduce((sum, document) => sum + document.chunks.length, 0);
      progress(
        `${corpus.name}: ${count(chunks)} chunks created in ${created.seconds.toFixed(1)} s, all indexed ` +
          `${indexedAfter.toFixed(1)} s later, entities extracted ${extractedAfter.toFixed(1)} s later; ` +
          "inserting the same rows with plain SQL",
      );
      const sqlTenant = await stack.createTenant("ingest-sql");
      const sqlSeconds = await insertWithSql(stack.sqlPool, sqlTenant, written, {
        batchSize: SQL_BATCH,
        lanes: CLIENTS,
      });
      const documents = corpus.documents.length;
      figures.push(
        {
          name: `lore ingest ${corpus.name}: documents/s, ${CLIENTS} clients`,
          unit: "docs/s",
          ours: documents / created.seconds,
          baseline: documents / sqlSeconds,
          baselineName: SQL_BASELINE,
          higherIsBetter: true,
        },
        {
          name: `lore ingest ${corpus.name}: chunks/s, ${CLIENTS} clients`,
          unit: "chunks/s",
          ours: chunks / created.seconds,
          baseline: chunks / sqlSeconds,
          baselineName: SQL_BASELINE,
          higherIsBetter: true,
        },
      );
      rows.push([
        corpus.name,
        count(documents),
        count(chunks),
        megabytes.toFixed(1),
        created.seconds.toFixed(1),
        count(documents / created.seconds),
        count(documents / (created.seconds + indexedAfter)),
        extractedAfter.toFixed(1),
        sqlSeconds.toFixed(2),
        count(documents / sqlSeconds),
      ]);
    }
    process.stdout.write(
      findingsTable(
        `lore.documents.create, ${CLIENTS} concurrent clients, hash embedding model; SQL baseline ${SQL_BATCH} documents per transaction`,
        [
          "corpus",
          "documents",
          "chunks",
          "MB",
          "create s",
          "docs/s",
          "docs/s to indexed",
          "extracted +s",
          "SQL s",
          "SQL docs/s",
        ],
        rows,
        [
          "docs/s to indexed: documents over the time from the first create until every chunk was embedded and in its model's HNSW graph;",
          "extracted +s: seconds after the last create until entity extraction (built-in extractor) had every chunk.",
          "Each corpus starts once the previous one is indexed and extracted; the SQL side runs on a quiet machine.",
          `Sizes: about ${MEGABYTES_PER_CORPUS} MB of each corpus, documents sampled evenly through it (LORE_BENCH_INGEST_MB).`,
        ],
      ),
    );
    return figures;
  } finally {
    await stack.close();
  }
}
