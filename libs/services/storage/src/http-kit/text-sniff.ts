const utf8 = new TextDecoder("utf-8", { fatal: true });

// The head of a longer text may end inside a character; that cut is not an encoding error.
function withoutCutCharacter(head: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, head.length); back += 1) {
    const byte = head[head.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? head.subarray(0, head.length - back) : head;
  }
  return head;
}

// Tab, line feed, vertical tab, form feed, carriage return and escape (terminal colours) occur in text.
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/;

/** The head as text, when it is UTF-8 without the control bytes binary files are full of. */
function textOf(head: Buffer): string | undefined {
  try {
    const text = utf8.decode(withoutCutCharacter(head));
    return text.length > 0 && !BINARY_CONTROL.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

// What browsers take for HTML at the start of a document (the WHATWG sniffing patterns).
const HTML_START =
  /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?:[\s>]|$)/i;
const PROLOG_ITEM = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype(?:[^>[]|\[[^\]]*\])*>)\s*/i;

// Skips an XML declaration, processing instructions, comments and a doctype to reach the root element.
function afterProlog(text: string): string {
  let rest = text;
  for (let item = PROLOG_ITEM.exec(rest); item; item = PROLOG_ITEM.exec(rest)) rest = rest.slice(item[0].length);
  return rest;
}

const JSON_START = /^(?:\{\s*["}]|\[\s*(?:[[{"\]\d-]|true|false|null))/;

/**
 * The type of a head that is text: SVG, HTML, XML, JSON-looking or plain text; undefined when it
 * is not UTF-8 text.
 */
export function textType(head: Buffer): string | undefined {
  // The decoder drops a byte order mark itself.
  const text = textOf(head)?.trimStart();
  if (text === undefined) return undefined;
  const root = afterProlog(text);
  if (/^<svg[\s>/]/.test(root)) return "image/svg+xml";
  if (HTML_START.test(text) || HTML_START.test(root)) return "text/html";
  if (text.startsWith("<?xml")) return "application/xml";
  if (JSON_START.test(text)) return "application/json";
  return "text/plain";
}
