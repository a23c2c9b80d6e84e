import type { DocumentContentType } from "./document-content-type";
import { markdownSections } from "./markdown-sections";
import { joinSpans, packSpans } from "./pack-spans";
import { paragraphSpans } from "./paragraph-spans";
import { sentenceSpans } from "./sentence-spans";
import type { CountedSpan, TextSpan } from "./text-span";
import { tokenWindows } from "./token-windows";
import { countTokens } from "./tokens";

export type ChunkingStrategy = "tokens" | "markdown" | "sentences";

export interface ChunkingOptions {
  strategy: ChunkingStrategy;
  maxTokens: number;
  overlapTokens: number;
}

/** A piece of a document's text: `content === text.slice(start, end)`, at most maxTokens cl100k tokens. */
export interface TextChunk {
  index: number;
  start: number;
  end: number;
  content: string;
  tokenCount: number;
  /** Titles of the Markdown headings the chunk sits under, outermost first; empty for other strategies. */
  headingPath: string[];
}

/**
 * Cuts a text into ordered chunks that together cover every character. "tokens": windows of
 * maxTokens tokens sharing overlapTokens with the previous one; "markdown": sections between
 * headings, big ones split at paragraphs, then sentences, then token windows; "sentences": sentences
 * packed up to maxTokens. Only "tokens" chunks overlap.
 */
export function chunkText(text: string, options: ChunkingOptions): TextChunk[] {
  if (text.length === 0) return [];
  const maxTokens = Math.max(1, Math.floor(options.maxTokens));
  const overlapTokens = Math.min(Math.max(0, Math.floor(options.overlapTokens)), maxTokens - 1);
  const whole = { start: 0, end: text.length };
  const pieces: Array<CountedSpan & { headingPath: string[] }> =
    options.strategy === "tokens"
      ? tokenWindows(text, whole, maxTokens, overlapTokens).map((span) => ({ ...span, headingPath: [] }))
      : options.strategy === "sentences"
        ? chunkSentences(text, whole, maxTokens).map((span) => ({ ...span, headingPath: [] }))
        : markdownSections(text).flatMap(({ headingPath, ...section }) =>
            chunkSection(text, section, maxTokens).map((span) => ({ ...span, headingPath })),
          );
  return pieces.map(({ start, end, tokenCount, headingPath }, index) => ({
    index,
    start,
    end,
    content: text.slice(start, end),
    tokenCount,
    headingPath,
  }));
}

/** How a document of this type is chunked unless told otherwise: by its headings, except plain text. */
export function defaultChunkingStrategy(contentType: DocumentContentType): ChunkingStrategy {
  return contentType === "text/plain" ? "sentences" : "markdown";
}

// A section that fits is one chunk; a bigger one is packed from its paragraphs, and a paragraph
// too big on its own from its sentences.
function chunkSection(text: string, section: TextSpan, maxTokens: number): CountedSpan[] {
  const paragraphs = counted(text, paragraphSpans(text, section));
  const whole = joinSpans(text, paragraphs);
  if (whole.tokenCount <= maxTokens) return [whole];
  const fitting = paragraphs.flatMap((paragraph) =>
    paragraph.tokenCount <= maxTokens ? [paragraph] : chunkSentences(text, paragraph, maxTokens),
  );
  return packSpans(text, fitting, maxTokens);
}

function chunkSentences(text: string, span: TextSpan, maxTokens: number): CountedSpan[] {
  const fitting = counted(text, sentenceSpans(text, span)).flatMap((sentence) =>
    sentence.tokenCount <= maxTokens ? [sentence] : tokenWindows(text, sentence, maxTokens, 0),
  );
  return packSpans(text, fitting, maxTokens);
}

function counted(text: string, spans: TextSpan[]): CountedSpan[] {
  return spans.map((span) => ({ ...span, tokenCount: countTokens(text.slice(span.start, span.end)) }));
}
