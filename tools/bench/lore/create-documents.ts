import type { CorpusDocument } from "./corpus-document";
import type { LoreClient } from "./lore-bench-stack";
import { count } from "../vector/findings-table";

const PROGRESS_EVERY_MS = 5_000;

/** Documents created through lore.documents.create, and how long it took. */
export interface CreatedDocuments {
  /** Document ids in the order of the documents given. */
  ids: string[];
  seconds: number;
}

/**
 * Creates every document through lore.documents.create, one call at a time per client, all
 * clients at once; says how far it got every few seconds.
 */
export async function createDocuments(
  clients: readonly LoreClient[],
  documents: readonly CorpusDocument[],
  progress: (text: string) => void,
): Promise<CreatedDocuments> {
  const ids: string[] = new Array<string>(documents.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  let reported = started;
  await Promise.all(
    clients.map(async (client) => {
      for (let position = next++; position < documents.length; position = next++) {
        const document = documents[position]!;
        const created = await client.lore.documents.create.mutate({
          title: document.title,
          content: document.content,
          contentType: document.contentType,
        });
        ids[position] = created.id;
        done += 1;
        const now = performance.now();
        if (now - reported >= PROGRESS_EVERY_MS) {
          reported = now;
          const rate = done / ((now - started) / 1000);
          progress(`created ${count(done)} of ${count(documents.length)} documents (${count(rate)}/s)`);
        }
      }
    }),
  );
  return { ids, seconds: (performance.now() - started) / 1000 };
}
