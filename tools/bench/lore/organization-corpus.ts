import type { CorpusDocument } from "./corpus-document";
import { apportion, passagesOf } from "./sentence-groups";
import { addressPartDocuments, type SotuAddress } from "./sotu-addresses";

/** The public texts an organization's documents are made of. */
export interface CorpusSources {
  manual: CorpusDocument[];
  fastify: CorpusDocument[];
  addresses: SotuAddress[];
}

/** An organization's documents, how they were made, and real text kept out of them for edits. */
export interface OrganizationCorpus {
  documents: CorpusDocument[];
  description: string;
  /**
   * Passages of the newest address, which is held back from the documents: text an update can
   * write into a document that no other document holds, so a search for it finds only that one.
   */
  editPassages: string[];
}

const EDIT_PASSAGE_CHARS = { min: 200, max: 600 };

/**
 * Merges lists so that every prefix holds each list in proportion to its length (item i of a list
 * of n sits at (i + ½) / n), so the first thousand of ten thousand documents are a fair sample.
 */
export function interleaveByShare<T>(lists: readonly (readonly T[])[]): T[] {
  const placed = lists.flatMap((list, which) =>
    list.map((item, index) => ({ item, which, at: (index + 0.5) / list.length })),
  );
  placed.sort((a, b) => a.at - b.at || a.which - b.which);
  return placed.map((entry) => entry.item);
}

/**
 * `total` documents from the three corpora: manual pages and Fastify pages as they are, every
 * address but the newest split into consecutive-sentence documents, as many as the total needs
 * (shared among addresses by length); interleaved by share and cut at `total`.
 */
export function composeOrganizationCorpus(sources: CorpusSources, total: number): OrganizationCorpus {
  const held = sources.addresses.at(-1);
  if (!held) throw new Error("no State of the Union addresses to split");
  const addresses = sources.addresses.slice(0, -1);
  const pages = sources.manual.length + sources.fastify.length;
  const addressParts = Math.max(addresses.length, total - pages);
  const parts = apportion(
    addresses.map((address) => address.sentences.length),
    addressParts,
  );
  const sotu = addresses.flatMap((address, index) => addressPartDocuments(address, parts[index]!));
  const documents = interleaveByShare([sources.manual, sotu, sources.fastify]).slice(0, total);
  const sentencesPerPart = Math.round(
    addresses.reduce((sum, address) => sum + address.sentences.length, 0) / Math.max(1, sotu.length),
  );
  const counts = (source: string) => documents.filter((document) => document.source.startsWith(source)).length;
  return {
    documents,
    description:
      `${documents.length} documents: ${counts("postgresql-manual/")} PostgreSQL manual pages (HTML, as they are), ` +
      `${counts("fastify-docs/")} Fastify pages (Markdown, as they are), ${counts("sotu/")} State of the Union ` +
      `documents (plain text; ${addresses.length} addresses ${addresses[0]!.year}–${addresses.at(-1)!.year} ` +
      `split into runs of ~${sentencesPerPart} consecutive sentences; ${held.year} held back as edit text), ` +
      `interleaved by share`,
    editPassages: passagesOf(held.sentences, EDIT_PASSAGE_CHARS.max, EDIT_PASSAGE_CHARS.min),
  };
}
