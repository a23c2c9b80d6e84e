import { PrometheusTextError } from "./prometheus-text-error";

const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const WHITESPACE = /[ \t]*/y;
const ESCAPED: Readonly<Record<string, string>> = { "\\": "\\", '"': '"', n: "\n" };

/** A sample's labels and where its text goes on after the closing brace. */
export interface ParsedLabels {
  labels: Record<string, string>;
  end: number;
}

function skipWhitespace(text: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.exec(text);
  return WHITESPACE.lastIndex;
}

function readLabelValue(text: string, from: number, lineNumber: number): { value: string; end: number } {
  if (text[from] !== '"') throw new PrometheusTextError(lineNumber, "a label value must be in double quotes");
  let value = "";
  let pos = from + 1;
  while (pos < text.length) {
    const char = text[pos]!;
    if (char === '"') return { value, end: pos + 1 };
    // Postgres text and jsonb cannot hold NUL, and no real label needs one.
    if (char === "\0") throw new PrometheusTextError(lineNumber, "a label value may not contain a NUL character");
    if (char === "\\") {
      const escaped = ESCAPED[text[pos + 1] ?? ""];
      if (escaped === undefined)
        throw new PrometheusTextError(lineNumber, 'a backslash in a label value may only escape \\, " or n');
      value += escaped;
      pos += 2;
    } else {
      value += char;
      pos += 1;
    }
  }
  throw new PrometheusTextError(lineNumber, "a label value is not closed");
}

/**
 * Reads `{name="value",…}` starting at the opening brace: values unescape \\, \" and \n, a trailing
 * comma is allowed, and a name given twice is refused.
 */
export function readLabels(text: string, from: number, lineNumber: number): ParsedLabels {
  const labels = new Map<string, string>();
  let pos = skipWhitespace(text, from + 1);
  while (text[pos] !== "}") {
    LABEL_NAME.lastIndex = pos;
    const name = LABEL_NAME.exec(text)?.[0];
    if (name === undefined) {
      const problem = pos >= text.length ? "the label set is not closed" : "a label name is expected";
      throw new PrometheusTextError(lineNumber, problem);
    }
    if (labels.has(name)) throw new PrometheusTextError(lineNumber, `label ${name} is given twice`);
    pos = skipWhitespace(text, pos + name.length);
    if (text[pos] !== "=") throw new PrometheusTextError(lineNumber, `label ${name} has no "="`);
    const { value, end } = readLabelValue(text, skipWhitespace(text, pos + 1), lineNumber);
    labels.set(name, value);
    pos = skipWhitespace(text, end);
    if (pos >= text.length) throw new PrometheusTextError(lineNumber, "the label set is not closed");
    if (text[pos] === ",") pos = skipWhitespace(text, pos + 1);
    else if (text[pos] !== "}") throw new PrometheusTextError(lineNumber, 'labels must be separated by ","');
  }
  // fromEntries defines own properties, so even a label named __proto__ stays an ordinary key.
  return { labels: Object.fromEntries(labels), end: pos + 1 };
}
