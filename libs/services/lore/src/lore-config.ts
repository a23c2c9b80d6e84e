import { loadConfig } from "@cauldron/config";
import { z } from "zod";

/** The lore service's own settings, beside the platform's. */
export const loreEnvSchema = z.object({
  /** Largest document text (after extraction) one version may hold, in bytes. */
  LORE_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1_024).default(5_000_000),
  /** Largest upload (PDF as base64, HTML) accepted before extraction, in bytes. */
  LORE_MAX_SOURCE_BYTES: z.coerce.number().int().min(1_024).default(20_000_000),
  /** Tokens (cl100k) per chunk, and how many tokens consecutive token-window chunks share. */
  LORE_CHUNK_TOKENS: z.coerce.number().int().min(16).max(8_192).default(400),
  LORE_CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).max(4_096).default(50),
  /** An OpenAI-compatible chat endpoint (…/v1) for entity extraction beside the built-in one; unset means built-in only. */
  LORE_CHAT_EXTRACTOR_URL: z.string().url().optional(),
  LORE_CHAT_EXTRACTOR_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LORE_CHAT_EXTRACTOR_API_KEY: z.string().min(1).optional(),
});

export type LoreEnv = z.output<typeof loreEnvSchema>;

/** Reads the lore service's settings from the environment, failing loudly on a bad value. */
export function loadLoreConfig(environment: Record<string, string | undefined> = process.env): LoreEnv {
  return loadConfig(loreEnvSchema, environment);
}
