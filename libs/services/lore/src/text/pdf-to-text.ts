import { describeBytes, utf8Bytes } from "./byte-size";
import { TextExtractionError } from "./text-extraction-error";

/** More pages than any document we index; past it a file is refused before its pages are read. */
const MAX_PDF_PAGES = 10_000;
const PDF_SIGNATURE = "%PDF-";
/** Readers accept the signature anywhere in the first kilobyte (some files start with junk). */
const SIGNATURE_WINDOW_BYTES = 1_024;

/**
 * The text of every page of a PDF, in page order, pages separated by a blank line. Text items are
 * joined as pdf.js returns them, with a line break where it marks one. Refuses files that are not
 * PDFs, are password-protected or damaged, or whose text passes maxTextBytes (reading stops there).
 */
export async function pdfToText(data: Uint8Array, maxTextBytes: number): Promise<string> {
  if (!hasPdfSignature(data)) throw refusal("not_a_pdf", "The file is not a PDF.");
  // Loaded on first use: pdf.js is large and most documents are not PDFs.
  const { getDocument, VerbosityLevel } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const loading = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const pdf = await loading.promise;
    if (pdf.numPages > MAX_PDF_PAGES) {
      throw refusal("unreadable_pdf", `The PDF has ${pdf.numPages} pages; at most ${MAX_PDF_PAGES} are read.`);
    }
    const pages: string[] = [];
    let textBytes = 0;
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const text = pageText((await page.getTextContent()).items);
      page.cleanup();
      if (text === "") continue;
      textBytes += utf8Bytes(text) + 2;
      if (textBytes > maxTextBytes) {
        throw refusal("text_too_large", `The PDF's text is larger than the ${describeBytes(maxTextBytes)} limit.`);
      }
      pages.push(text);
    }
    return pages.join("\n\n");
  } catch (error) {
    if (error instanceof TextExtractionError) throw error;
    if (error instanceof Error && error.name === "PasswordException") {
      throw refusal("encrypted_pdf", "The PDF is password-protected; upload a copy without a password.");
    }
    throw refusal("unreadable_pdf", "The PDF could not be read; the file may be damaged.");
  } finally {
    await loading.destroy();
  }
}

function pageText(items: ReadonlyArray<object>): string {
  let text = "";
  for (const item of items) {
    // Marked-content entries carry structure, not text.
    if (!("str" in item) || typeof item.str !== "string") continue;
    text += item.str;
    if ("hasEOL" in item && item.hasEOL === true) text += "\n";
  }
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

function hasPdfSignature(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SIGNATURE_WINDOW_BYTES));
  return head.includes(PDF_SIGNATURE, 0, "latin1");
}

function refusal(reason: "not_a_pdf" | "encrypted_pdf" | "unreadable_pdf" | "text_too_large", message: string) {
  return new TextExtractionError("contentBase64", reason, message);
}
