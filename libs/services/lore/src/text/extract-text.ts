import { describeBytes, utf8Bytes } from "./byte-size";
import { decodeBase64 } from "./decode-base64";
import type { DocumentContentType } from "./document-content-type";
import { htmlToText } from "./html-to-text";
import { normalizeText } from "./normalize-text";
import { pdfToText } from "./pdf-to-text";
import { TextExtractionError } from "./text-extraction-error";

export { TextExtractionError, type TextExtractionFailure } from "./text-extraction-error";

/** A document's source as a client sends it: text in `content`, a PDF base64-encoded in `contentBase64`. */
export interface DocumentSource {
  contentType: DocumentContentType;
  content?: string;
  contentBase64?: string;
}

/** Sizes in UTF-8 bytes: of the source as sent (decoded, for base64) and of the text extracted from it. */
export interface ExtractionLimits {
  maxSourceBytes: number;
  maxTextBytes: number;
}

/**
 * The plain text of a document's source, the text that is versioned, chunked and searched:
 * Markdown and plain text as given, HTML as readable text with Markdown headings, PDFs as the text
 * of their pages. Line endings become \n and NUL characters are dropped. Throws
 * TextExtractionError naming the input to fix.
 */
export async function extractText(source: DocumentSource, limits: ExtractionLimits): Promise<string> {
  if (source.contentType === "application/pdf") {
    if (source.content !== undefined) {
      throw new TextExtractionError(
        "content",
        "unexpected_source",
        "A PDF is sent base64-encoded in contentBase64, not in content.",
      );
    }
    if (source.contentBase64 === undefined) {
      throw new TextExtractionError(
        "contentBase64",
        "missing_source",
        "A PDF needs its file, base64-encoded, in contentBase64.",
      );
    }
    const file = decodeBase64(source.contentBase64, limits.maxSourceBytes);
    return withinTextLimit(normalizeText(await pdfToText(file, limits.maxTextBytes)), "contentBase64", limits);
  }
  if (source.contentBase64 !== undefined) {
    throw new TextExtractionError(
      "contentBase64",
      "unexpected_source",
      `A ${source.contentType} document is sent as text in content; contentBase64 is only for PDFs.`,
    );
  }
  if (source.content === undefined) {
    throw new TextExtractionError("content", "missing_source", "The document's text is missing; send it in content.");
  }
  if (utf8Bytes(source.content) > limits.maxSourceBytes) {
    throw new TextExtractionError(
      "content",
      "source_too_large",
      `The content is larger than the ${describeBytes(limits.maxSourceBytes)} limit.`,
    );
  }
  const text = source.contentType === "text/html" ? htmlToText(source.content) : source.content;
  return withinTextLimit(normalizeText(text), "content", limits);
}

function withinTextLimit(text: string, field: "content" | "contentBase64", limits: ExtractionLimits): string {
  if (utf8Bytes(text) <= limits.maxTextBytes) return text;
  throw new TextExtractionError(
    field,
    "text_too_large",
    `The document's text is larger than the ${describeBytes(limits.maxTextBytes)} limit.`,
  );
}
