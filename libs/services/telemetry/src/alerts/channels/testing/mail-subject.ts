const ENCODED_WORD = /=\?UTF-8\?([QB])\?([^?]*)\?=/gi;

function wordBytes(encoding: string, text: string): string {
  if (encoding.toUpperCase() === "B") return Buffer.from(text, "base64").toString("latin1");
  return text
    .replace(/_/g, " ")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A Subject header as a mail client shows it: RFC 2047 encoded words (as long subjects are sent) decoded. */
export function decodeMailSubject(header: string): string {
  // Whitespace between two encoded words belongs to neither.
  const joined = header.replace(/\?=\s+=\?/g, "?==?");
  const bytes = joined.replace(ENCODED_WORD, (_, encoding: string, text: string) => wordBytes(encoding, text));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
