// encodeURIComponent leaves these, which RFC 5987's attr-char does not allow.
const NOT_ATTR_CHAR = /['()*]/g;

function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    NOT_ATTR_CHAR,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment` with the file name twice: a plain ASCII stand-in (anything else, quotes and
 * backslashes become `_`) for old clients, and the exact UTF-8 name as RFC 5987 `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
