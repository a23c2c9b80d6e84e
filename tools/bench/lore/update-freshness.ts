import type { LoreClient } from "./lore-bench-stack";
import { replaceMiddleParagraph } from "./paragraph-edit";

const POLL_MS = 20;
const GIVE_UP_MS = 120_000;
const LIMIT = 5;
/** The start of the written passage, to tell the new version's chunk that holds it. */
const PROBE_CHARS = 80;

/** Milliseconds from the start of documents.update until each way of seeing the change held. */
export interface Freshness {
  /** lore.documents.update itself: until it answered. */
  updateMs: number;
  /** A text search for the new passage finds it in the document's new version. */
  textMs: number;
  /** A semantic search for the passage answers with the new version's chunk holding it. */
  semanticMs: number;
  /** documents.get shows index.status "indexed" for the new version. */
  indexedMs: number;
  /** All three. */
  allMs: number;
}

/** A manual page in the organization: its id and the HTML it was created from. */
export interface EditableDocument {
  id: string;
  html: string;
}

/**
 * Replaces one paragraph of the document with `passage` through lore.documents.update, then asks
 * (text search, semantic search and documents.get, each on its own every 20 ms until it holds)
 * until the passage is found in the new version both ways and the version is indexed.
 */
export async function measureUpdateFreshness(
  client: LoreClient,
  document: EditableDocument,
  passage: string,
): Promise<Freshness> {
  const current = await client.lore.documents.get.query({ id: document.id });
  const started = performance.now();
  const updated = await client.lore.documents.update.mutate({
    id: document.id,
    expectedVersion: current.version,
    content: replaceMiddleParagraph(document.html, passage),
    contentType: "text/html",
  });
  const updateMs = performance.now() - started;
  const { chunks } = await client.lore.documents.chunks.query({ id: document.id, version: updated.version });
  const probe = passage.slice(0, PROBE_CHARS);
  const holding = new Set(chunks.filter((chunk) => chunk.content.includes(probe)).map((chunk) => chunk.id));
  if (holding.size === 0) throw new Error(`no chunk of version ${updated.version} holds the written passage`);

  const search = async (mode: "text" | "semantic") => {
    const { hits } = await client.lore.search.query({
      query: passage,
      mode,
      limit: LIMIT,
      filters: { documentIds: [document.id] },
    });
    return hits.some((hit) => hit.chunkId !== null && holding.has(hit.chunkId));
  };
  const indexed = async () => {
    const { index } = await client.lore.documents.get.query({ id: document.id });
    if (index.status === "failed") throw new Error(`indexing version ${updated.version} failed: ${index.error}`);
    return index.status === "indexed" && index.indexedVersion === updated.version;
  };
  // Each check polls on its own, so one slow check never holds back the time another is seen.
  const until = async (check: () => Promise<boolean>, name: string): Promise<number> => {
    for (;;) {
      if (await check()) return performance.now() - started;
      if (performance.now() - started > GIVE_UP_MS) {
        throw new Error(`the update of ${document.id} was not ${name} within ${GIVE_UP_MS / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const [textMs, semanticMs, indexedMs] = await Promise.all([
    until(() => search("text"), "found by text search"),
    until(() => search("semantic"), "found by semantic search"),
    until(indexed, "indexed"),
  ]);
  return { updateMs, textMs, semanticMs, indexedMs, allMs: Math.max(textMs, semanticMs, indexedMs) };
}
