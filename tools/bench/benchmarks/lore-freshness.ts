import type { BenchFigure } from "../bench-report";
import type { CorpusDocument } from "../lore/corpus-document";
import { loadCorpusSources } from "../lore/corpus-sources";
import { evenSample } from "../lore/even-sample";
import { addInBulk, populateOrganization } from "../lore/bulk-organization";
import type { ServiceCreated } from "../lore/prepared-equivalence";
import { startLoreBenchStack } from "../lore/lore-bench-stack";
import { composeOrganizationCorpus } from "../lore/organization-corpus";
import { paragraphCount } from "../lore/paragraph-edit";
import { measureUpdateFreshness, type EditableDocument, type Freshness } from "../lore/update-freshness";
import { count, findingsTable } from "../vector/findings-table";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

const LARGE = Number(process.env.LORE_BENCH_DOCUMENTS ?? 10_000);
const SMALL = Number(process.env.LORE_BENCH_FRESHNESS_SMALL ?? Math.round(LARGE / 10));
const UPDATES = Number(process.env.LORE_BENCH_FRESHNESS_UPDATES ?? 15);
/** Updates made, and not timed, before those timed at each size: the services' and database's caches fill on the first few. */
const WARMUP_UPDATES = 5;
/** Pages with a few paragraphs and of ordinary size, so one changed paragraph is one changed chunk among several. */
const EDITABLE = { minParagraphs: 4, minChars: 4_000, maxChars: 60_000 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function editableAmong(documents: readonly CorpusDocument[], ids: readonly string[]): EditableDocument[] {
  return documents.flatMap((document, index) =>
    document.contentType === "text/html" &&
    document.content.length >= EDITABLE.minChars &&
    document.content.length <= EDITABLE.maxChars &&
    paragraphCount(document.content) >= EDITABLE.minParagraphs
      ? [{ id: ids[index]!, html: document.content }]
      : [],
  );
}

/**
 * How fresh lore is: from lore.documents.update of one manual page (one paragraph replaced by a
 * passage of the held-back 2021 address) until a text search and a semantic search find the
 * passage in the new version and documents.get shows it indexed. The median of several updates,
 * one at a time, in an organization of 1,000 documents and again once it holds 10,000 (a few
 * created through lore.documents.create, the rest added in bulk to the same end state:
 * bulk-organization.ts).
 */
export async function benchLoreFreshness(): Promise<BenchFigure[]> {
  const sources = await loadCorpusSources(progress);
  const corpus = composeOrganizationCorpus(sources, LARGE);
  progress(corpus.description);
  if (corpus.editPassages.length < 2 * (UPDATES + WARMUP_UPDATES)) {
    throw new Error("not enough held-back passages for the updates");
  }

  progress("cloning a database from the migrated template; booting vector and lore (hash model, workers on)");
  const stack = await startLoreBenchStack("none");
  try {
    const tenant = await stack.createTenant("freshness");
    const client = await stack.loreClient(tenant);
    const stages: { documents: number; samples: Freshness[] }[] = [];
    const ids: string[] = [];
    const passages = [...corpus.editPassages];
    let reference: ServiceCreated | null = null;
    for (const size of [SMALL, LARGE]) {
      const adding = corpus.documents.slice(ids.length, size);
      let added: string[];
      if (reference) {
        added = await addInBulk(stack, tenant, adding, reference, progress);
      } else {
        const populated = await populateOrganization(stack, tenant, adding, progress);
        ({ ids: added, reference } = populated);
      }
      ids.push(...added);
      // Only bulk-added documents are updated: the service-created ones stay the bulk's reference.
      const referenceIds = new Set(reference.ids);
      const editable = editableAmong(adding, added).filter((document) => !referenceIds.has(document.id));
      const chosen = evenSample(editable, UPDATES + WARMUP_UPDATES);
      const [warmup, edited] = [chosen.slice(0, WARMUP_UPDATES), chosen.slice(WARMUP_UPDATES)];
      progress(`${count(size)} documents: ${warmup.length} updates to warm up, not timed`);
      for (const document of warmup) await measureUpdateFreshness(client, document, passages.shift()!);
      progress(`${count(size)} documents: updating ${edited.length} manual pages one at a time`);
      const samples: Freshness[] = [];
      for (const document of edited) {
        const sample = await measureUpdateFreshness(client, document, passages.shift()!);
        progress(
          `  update ${sample.updateMs.toFixed(0)} ms, text ${sample.textMs.toFixed(0)} ms, semantic ${sample.semanticMs.toFixed(0)} ms, ` +
            `indexed ${sample.indexedMs.toFixed(0)} ms`,
        );
        samples.push(sample);
      }
      stages.push({ documents: size, samples });
    }

    const [small, large] = stages.map((stage) => ({ ...stage, all: median(stage.samples.map((s) => s.allMs)) }));
    const medianOf = (samples: Freshness[], key: keyof Freshness) => `${median(samples.map((s) => s[key])).toFixed(0)}`;
    process.stdout.write(
      findingsTable(
        "Update to findable and indexed (ms, median of the updates; each one paragraph of a manual page, HTML)",
        ["documents", "updates", "update call", "text search", "semantic search", "indexed", "all three"],
        stages.map((stage) => [
          count(stage.documents),
          String(stage.samples.length),
          medianOf(stage.samples, "updateMs"),
          medianOf(stage.samples, "textMs"),
          medianOf(stage.samples, "semanticMs"),
          medianOf(stage.samples, "indexedMs"),
          medianOf(stage.samples, "allMs"),
        ]),
        [
          `Organization: ${corpus.description}; the first ${count(SMALL)} for the smaller size; a few created through lore.documents.create, the rest added in bulk to the same end state (LORE_BENCH_DOCUMENTS, LORE_BENCH_FRESHNESS_SMALL).`,
          "Searches ask for the passage within the updated document (filters.documentIds), each polled on its own every 20 ms; hash embedding model.",
          `At each size the load is vacuumed, analyzed and checkpointed, and ${WARMUP_UPDATES} other pages are updated first, untimed.`,
        ],
      ),
    );
    return [
      {
        name: `lore freshness: update to findable and indexed, ${count(large!.documents)} vs ${count(small!.documents)} documents`,
        unit: "ms",
        ours: large!.all,
        baseline: small!.all,
        baselineName: `the same at ${count(small!.documents)} documents, same run`,
        higherIsBetter: false,
        target: 1.2,
      },
    ];
  } finally {
    await stack.close();
  }
}
