import type { CorpusSources } from "./organization-corpus";
import { loadFastifyDocs } from "./fastify-docs";
import { loadManualPages, manualDocument } from "./postgres-manual";
import type { ManualPage } from "./manual-page";
import { loadSotuAddresses } from "./sotu-addresses";

/** The three corpora, read once per benchmark; the manual's pages keep their section titles. */
export async function loadCorpusSources(
  progress: (text: string) => void,
): Promise<CorpusSources & { manualPages: ManualPage[] }> {
  const started = performance.now();
  const manualPages = await loadManualPages(progress);
  const fastify = await loadFastifyDocs();
  const addresses = loadSotuAddresses();
  progress(
    `read ${manualPages.length} PostgreSQL manual pages, ${fastify.length} Fastify pages and ` +
      `${addresses.length} State of the Union addresses in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { manualPages, manual: manualPages.map(manualDocument), fastify, addresses };
}
