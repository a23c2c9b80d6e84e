import { MultipartError } from "./multipart-error";

/** What a form part's headers say: its field name, its file name if it is a file, and its type. */
export interface PartHeaders {
  name: string;
  filename: string | undefined;
  type: string | undefined;
}

const PARAMETER = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;

function dispositionParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const match of value.matchAll(PARAMETER)) {
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "").trim();
    parameters.set((match[1] ?? "").toLowerCase(), raw);
  }
  return parameters;
}

/** Parses a part's header block (the lines before its blank line). */
export function partHeadersOf(block: Buffer): PartHeaders {
  let disposition: string | undefined;
  let type: string | undefined;
  for (const line of block.toString("utf8").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MultipartError("a part header is malformed");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") disposition = value;
    else if (name === "content-type") type = value;
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw new MultipartError("a part has no form-data Content-Disposition");
  }
  const parameters = dispositionParameters(disposition);
  const name = parameters.get("name");
  if (name === undefined) throw new MultipartError("a part has no name");
  return { name, filename: parameters.get("filename"), type };
}
