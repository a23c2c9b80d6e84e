/** Why a source could not be turned into text; callers may map it to structured error data. */
export type TextExtractionFailure =
  | "missing_source"
  | "unexpected_source"
  | "invalid_base64"
  | "not_a_pdf"
  | "encrypted_pdf"
  | "unreadable_pdf"
  | "source_too_large"
  | "text_too_large";

/** A source that cannot become document text; `field` names the input to fix, the message says how. */
export class TextExtractionError extends Error {
  override readonly name = "TextExtractionError";

  constructor(
    readonly field: "content" | "contentBase64",
    readonly reason: TextExtractionFailure,
    message: string,
  ) {
    super(message);
  }
}
