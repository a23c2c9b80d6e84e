import { extractionFromAnswer } from "./chat-answer";
import { askChatModel, chatCompletionsUrl, type ChatEndpoint } from "./chat-request";
import { emptyExtraction, type EntityExtractor } from "./extracted";

/** An OpenAI-compatible chat endpoint and how patiently it is asked. */
export interface ChatExtractorSettings {
  /** The endpoint's base URL (…/v1); requests go to `{url}/chat/completions`. */
  url: string;
  model: string;
  apiKey?: string | undefined;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after a 429, 408, 5xx, network error or timeout. */
  maxRetries?: number;
  /** First backoff before jitter; each later one doubles, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A longer `Retry-After` than this ends the call instead of waiting. */
  longestRetryAfterMs?: number;
  /** Text beyond this many UTF-16 code units is not sent. */
  maxTextLength?: number;
  random?: () => number;
}

/** The chat extractor gave up; the message names the failure, never the key. */
export class ChatExtractionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChatExtractionError";
  }
}

const DEFAULTS = {
  timeoutMs: 60_000,
  maxRetries: 3,
  retryBaseMs: 1_000,
  retryMaxMs: 15_000,
  longestRetryAfterMs: 60_000,
  maxTextLength: 24_000,
  random: Math.random,
};

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("extraction was cancelled");
}

/** Sleeps `ms`, ending early (throwing the signal's reason) when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Exponential and capped, half of it random so replicas that failed together retry apart. */
function backoffMs(retry: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Cuts text to at most `length` code units without splitting a surrogate pair. */
function boundedText(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * Entities and relationships as an OpenAI-compatible chat model reads them. Each call is one
 * request, retried with backoff (honouring `Retry-After`) on 429, 408, 5xx, network errors and
 * timeouts, and once at once when the answer is not the asked-for JSON; then it fails with a
 * ChatExtractionError. Mentions are wherever an answered name occurs in the text.
 */
export function createChatExtractor(settings: ChatExtractorSettings): EntityExtractor {
  const options = { ...DEFAULTS, ...settings };
  const endpoint: ChatEndpoint = {
    completionsUrl: chatCompletionsUrl(settings.url),
    model: settings.model,
    apiKey: settings.apiKey,
    timeoutMs: options.timeoutMs,
  };
  return {
    name: "chat",
    async extract(text, signal) {
      const sent = boundedText(text, options.maxTextLength);
      if (sent.trim() === "") return emptyExtraction();
      let retries = 0;
      let askedAgainForJson = false;
      for (;;) {
        throwIfAborted(signal);
        const attempt = await askChatModel(endpoint, sent, signal);
        throwIfAborted(signal);
        if (attempt.ok) return extractionFromAnswer(sent, attempt.answer);
        const attempts = retries + (askedAgainForJson ? 2 : 1);
        const gaveUp = new ChatExtractionError(
          `The chat extractor's endpoint ${attempt.message} (after ${attempts} attempts)`,
        );
        if (attempt.failure === "final") throw gaveUp;
        if (attempt.failure === "unparseable") {
          if (askedAgainForJson) throw gaveUp;
          askedAgainForJson = true;
          continue;
        }
        if (retries >= options.maxRetries || (attempt.retryAfterMs ?? 0) > options.longestRetryAfterMs) throw gaveUp;
        const backoff = backoffMs(retries, options.retryBaseMs, options.retryMaxMs, options.random);
        retries += 1;
        await pause(Math.max(backoff, attempt.retryAfterMs ?? 0), signal);
      }
    },
  };
}
