import type { ConsumerWorker } from "@cauldron/rpc";
import type { LoreEnv } from "../lore-config";
import { createBuiltinExtractor } from "./builtin-extractor";
import { createChatExtractor } from "./chat-extractor";
import { handleChunksChanged } from "./chunks-changed";
import type { EntityExtractor } from "./extracted";

/** The consumer group of lore's entity extraction, shared by the service's replicas. */
export const EXTRACTION_CONSUMER_GROUP = "lore-extraction";

// A part's extraction must end well before another replica may claim the event as abandoned.
const CLAIM_IDLE_MS = 15 * 60_000;
const EXTRACTION_DEADLINE_MS = 10 * 60_000;

/** The built-in extractor, and the chat extractor when LORE_CHAT_EXTRACTOR_URL is set. */
export function defaultExtractors(config: LoreEnv): EntityExtractor[] {
  const extractors = [createBuiltinExtractor()];
  if (config.LORE_CHAT_EXTRACTOR_URL) {
    extractors.push(
      createChatExtractor({
        url: config.LORE_CHAT_EXTRACTOR_URL,
        model: config.LORE_CHAT_EXTRACTOR_MODEL,
        apiKey: config.LORE_CHAT_EXTRACTOR_API_KEY,
      }),
    );
  }
  return extractors;
}

/**
 * Declares the consumer that keeps lore's entity mentions in step with documents: it handles
 * lore's own `chunks.changed` parts, detached, since extraction may call a remote model and must
 * not hold a transaction. A failed part (an extractor gave up) is retried with backoff.
 */
export function extractionConsumer(config: LoreEnv, options: { extractors?: EntityExtractor[] } = {}): ConsumerWorker {
  const extractors = options.extractors ?? defaultExtractors(config);
  return {
    kind: "consumer",
    group: EXTRACTION_CONSUMER_GROUP,
    // Parts published while no replica ran (or before the group existed) are extracted too.
    startFrom: "beginning",
    maxAttempts: 8,
    retryBaseMs: 5_000,
    retryMaxMs: 600_000,
    claimIdleMs: CLAIM_IDLE_MS,
    batchSize: 4,
    handlers: {
      "chunks.changed": {
        async detached(event, inTransaction) {
          await handleChunksChanged(
            event.payload,
            inTransaction,
            extractors,
            AbortSignal.timeout(EXTRACTION_DEADLINE_MS),
          );
        },
      },
    },
  };
}
