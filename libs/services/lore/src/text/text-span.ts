/** A half-open range [start, end) of UTF-16 offsets into a text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A span together with the cl100k token count of its text. */
export interface CountedSpan extends TextSpan {
  tokenCount: number;
}
