import { PDFDocument, PDFHexString, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { extractText, TextExtractionError } from "./extract-text";

const LIMITS = { maxSourceBytes: 1_000_000, maxTextBytes: 100_000 };

async function pdfBase64(pages: string[][], options: { encrypted?: boolean } = {}): Promise<string> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = document.addPage([400, 400]);
    lines.forEach((line, index) => page.drawText(line, { x: 20, y: 360 - index * 20, size: 12, font }));
  }
  if (options.encrypted) {
    // A standard security handler whose user password is not empty: readers must ask for it.
    const { context } = document;
    context.trailerInfo.Encrypt = context.register(
      context.obj({
        Filter: "Standard",
        V: 1,
        R: 2,
        O: PDFHexString.of("01".repeat(32)),
        U: PDFHexString.of("02".repeat(32)),
        P: -4,
      }),
    );
    context.trailerInfo.ID = context.obj([PDFHexString.of("ab".repeat(16)), PDFHexString.of("ab".repeat(16))]);
  }
  return Buffer.from(await document.save({ useObjectStreams: false })).toString("base64");
}

async function refusalOf(promise: Promise<unknown>): Promise<TextExtractionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TextExtractionError);
  return error as TextExtractionError;
}

describe("extractText", () => {
  it("returns Markdown and plain text as given, with \\n line endings and without NUL characters", async () => {
    const content = "# Title\r\n\r\nLine one\rLine two\u0000 🎉\n";
    expect(await extractText({ contentType: "text/markdown", content }, LIMITS)).toBe(
      "# Title\n\nLine one\nLine two 🎉\n",
    );
    expect(await extractText({ contentType: "text/plain", content: "  spaced  \r\n" }, LIMITS)).toBe("  spaced  \n");
    expect(await extractText({ contentType: "text/plain", content: "" }, LIMITS)).toBe("");
  });

  it("replaces lone surrogates, which cannot be stored, with U+FFFD", async () => {
    expect(await extractText({ contentType: "text/plain", content: "a\ud800b" }, LIMITS)).toBe("a\ufffdb");
  });

  it("reads HTML as text", async () => {
    const content = "<h1>Title</h1>\r\n<p>Body &amp; soul</p><script>alert(1)</script>";
    expect(await extractText({ contentType: "text/html", content }, LIMITS)).toBe("# Title\n\nBody & soul");
  });

  it("reads every page of a PDF in order, pages separated by a blank line", async () => {
    const contentBase64 = await pdfBase64([
      ["First page title", "Second line here"],
      ["Page two text", "more"],
    ]);
    expect(await extractText({ contentType: "application/pdf", contentBase64 }, LIMITS)).toBe(
      "First page title\nSecond line here\n\nPage two text\nmore",
    );
  });

  it("accepts base64 wrapped over lines", async () => {
    const contentBase64 = (await pdfBase64([["Wrapped"]])).replace(/.{76}/g, "$&\r\n");
    expect(await extractText({ contentType: "application/pdf", contentBase64 }, LIMITS)).toBe("Wrapped");
  });

  it("refuses a source in the wrong field or none at all", async () => {
    const cases = [
      [{ contentType: "application/pdf", content: "text" }, "content", "unexpected_source"],
      [{ contentType: "application/pdf" }, "contentBase64", "missing_source"],
      [{ contentType: "text/markdown", contentBase64: "aGk=" }, "contentBase64", "unexpected_source"],
      [{ contentType: "text/html", content: "<p>x</p>", contentBase64: "aGk=" }, "contentBase64", "unexpected_source"],
      [{ contentType: "text/plain" }, "content", "missing_source"],
    ] as const;
    for (const [source, field, reason] of cases) {
      const error = await refusalOf(extractText(source, LIMITS));
      expect([error.field, error.reason]).toEqual([field, reason]);
    }
  });

  it("refuses bad base64, files that are not PDFs and damaged PDFs on contentBase64", async () => {
    const cases = [
      ["not base64!", "invalid_base64"],
      ["aGk", "invalid_base64"],
      [Buffer.from("hello, I am a text file").toString("base64"), "not_a_pdf"],
      ["", "not_a_pdf"],
      [Buffer.from("%PDF-1.7\nthis is not really a PDF at all\n%%EOF").toString("base64"), "unreadable_pdf"],
    ] as const;
    for (const [contentBase64, reason] of cases) {
      const error = await refusalOf(extractText({ contentType: "application/pdf", contentBase64 }, LIMITS));
      expect([error.field, error.reason]).toEqual(["contentBase64", reason]);
      expect(error.message).not.toMatch(/at \w+ \(/);
    }
  });

  it("refuses a truncated PDF", async () => {
    const whole = Buffer.from(await pdfBase64([["Some text"]]), "base64");
    const contentBase64 = whole.subarray(0, 200).toString("base64");
    const error = await refusalOf(extractText({ contentType: "application/pdf", contentBase64 }, LIMITS));
    expect([error.field, error.reason]).toEqual(["contentBase64", "unreadable_pdf"]);
  });

  it("refuses a password-protected PDF", async () => {
    const contentBase64 = await pdfBase64([["secret"]], { encrypted: true });
    const error = await refusalOf(extractText({ contentType: "application/pdf", contentBase64 }, LIMITS));
    expect([error.field, error.reason]).toEqual(["contentBase64", "encrypted_pdf"]);
    expect(error.message).toMatch(/password/);
  });

  it("refuses sources and texts over the limits, saying which limit", async () => {
    const limits = { maxSourceBytes: 2_000, maxTextBytes: 1_000 };
    const bigSource = await refusalOf(
      extractText({ contentType: "text/html", content: "<b>x</b>".repeat(300) }, limits),
    );
    expect([bigSource.field, bigSource.reason, bigSource.message]).toEqual([
      "content",
      "source_too_large",
      "The content is larger than the 2 kB limit.",
    ]);
    const bigText = await refusalOf(extractText({ contentType: "text/plain", content: "é".repeat(600) }, limits));
    expect([bigText.field, bigText.reason]).toEqual(["content", "text_too_large"]);
    const bigFile = await refusalOf(
      extractText({ contentType: "application/pdf", contentBase64: Buffer.alloc(3_000).toString("base64") }, limits),
    );
    expect([bigFile.field, bigFile.reason]).toEqual(["contentBase64", "source_too_large"]);
    const manyPages = await pdfBase64(Array.from({ length: 40 }, (_, page) => [`Page ${page} `.repeat(8)]));
    const bigPdfText = await refusalOf(
      extractText(
        { contentType: "application/pdf", contentBase64: manyPages },
        { maxSourceBytes: 1_000_000, maxTextBytes: 1_000 },
      ),
    );
    expect([bigPdfText.field, bigPdfText.reason]).toEqual(["contentBase64", "text_too_large"]);
  });
});
