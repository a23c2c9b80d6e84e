import { declaredFitsSniffed, isTextType } from "./mime-families";
import { binarySignatureType } from "./mime-signatures";
import { textType } from "./text-sniff";

/** How many leading bytes the sniffer looks at; a shorter head is fine. */
export const MIME_SNIFF_BYTES = 4096;

/**
 * The type a file's first bytes show: PNG, JPEG, GIF, WebP, AVIF/HEIC, PDF, ZIP, GZIP, MP4, MP3,
 * WAV, OGG, executables, then for UTF-8 text SVG, HTML, XML, JSON or plain text; undefined when
 * the bytes are none of these.
 */
export function sniffMimeType(head: Buffer): string | undefined {
  const sample = head.subarray(0, MIME_SNIFF_BYTES);
  return binarySignatureType(sample) ?? textType(sample);
}

function essenceOf(mimeType: string): string {
  return (mimeType.split(";")[0] ?? "").trim().toLowerCase();
}

function matchesPattern(pattern: string, type: string): boolean {
  const wanted = essenceOf(pattern);
  if (wanted === "*" || wanted === "*/*") return true;
  return wanted.endsWith("/*") ? type.startsWith(wanted.slice(0, -1)) : wanted === type;
}

// Text formats cannot be told apart by their bytes (CSV and Markdown both sniff as text), so
// text declared as text is taken at its word; text declared as a binary type is not.
function typeToCheck(sniffed: string | undefined, declared: string): string {
  if (sniffed === undefined || declaredFitsSniffed(sniffed, declared)) return declared;
  if (isTextType(sniffed)) return isTextType(declared) ? declared : sniffed;
  return sniffed;
}

/**
 * Whether a bucket that allows `allowed` (exact types or patterns like `image/*`; null or empty
 * allows all) takes an object declared as `declared` whose bytes sniffed as `sniffed`.
 */
export function isMimeTypeAllowed(
  allowed: readonly string[] | null,
  sniffed: string | undefined,
  declared: string,
): boolean {
  if (!allowed || allowed.length === 0) return true;
  // The declared type is checked unless the bytes contradict it; then what the bytes are is checked.
  const checked = typeToCheck(sniffed, essenceOf(declared));
  return allowed.some((pattern) => matchesPattern(pattern, checked));
}
