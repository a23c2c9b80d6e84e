import type { Request, Response } from "express";
import { pipeline } from "node:stream/promises";
import { contentRange, parseRangeHeader } from "../http-kit/range-header";
import { StorageHttpError } from "../http-kit/storage-errors";
import { readObjectBytes } from "../objects/open-object";
import type { ObjectRow } from "../objects/object-row";
import type { StorageRuntime } from "../storage-runtime";
import { attachmentDisposition } from "./content-disposition";
import { etagOf } from "./supabase-shapes";

/** How a download is answered beyond the object itself. */
export interface SendOptions {
  /** `?download[=name]`: save rather than show, under `name` or else the object's own name. */
  download?: string;
  /** When the signed link that reached the object expires; caches keep it no longer. */
  expiresAt?: Date;
}

const fileNameOf = (row: ObjectRow) => row.name.slice(row.name.lastIndexOf("/") + 1);

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const candidate = tag.trim().replace(/^W\//, "");
    return candidate === "*" || candidate === etag;
  });
}

function cacheControlOf(row: ObjectRow, expiresAt: Date | undefined): string {
  if (!expiresAt) return row.cache_control ?? "no-cache";
  return `private, max-age=${Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))}`;
}

function setValidators(res: Response, row: ObjectRow, options: SendOptions): void {
  const etag = etagOf(row.checksum);
  if (etag) res.setHeader("ETag", etag);
  res.setHeader("Last-Modified", row.updated_at.toUTCString());
  res.setHeader("Cache-Control", cacheControlOf(row, options.expiresAt));
  if (options.expiresAt) res.setHeader("Expires", options.expiresAt.toUTCString());
}

/**
 * Answers a GET or HEAD for an object: 304 when If-None-Match holds its ETag, 206 for one byte
 * range, 416 for a range past its end, else 200, with the bytes streamed from the backend.
 */
export async function sendObject(
  runtime: StorageRuntime,
  req: Request,
  res: Response,
  row: ObjectRow,
  options: SendOptions = {},
): Promise<void> {
  const size = Number(row.size);
  const etag = etagOf(row.checksum);
  if (etag && matchesEtag(req.headers["if-none-match"], etag)) {
    setValidators(res, row, options);
    res.status(304).end();
    return;
  }
  const range = parseRangeHeader(req.headers.range, size);
  if (range.kind === "unsatisfiable") {
    res.setHeader("Content-Range", contentRange(range, size) ?? `bytes */${size}`);
    throw StorageHttpError.rangeNotSatisfiable();
  }
  const partial = range.kind === "partial";
  const bytes =
    req.method === "HEAD"
      ? null
      : await readObjectBytes(runtime, row, partial ? { start: range.start, end: range.end } : undefined);
  try {
    setValidators(res, row, options);
    res.setHeader("Content-Type", row.mime_type ?? "application/octet-stream");
    res.setHeader("Content-Length", partial ? range.end - range.start + 1 : size);
    res.setHeader("Accept-Ranges", "bytes");
    // Objects are served from the API's own origin: browsers must neither guess another type nor run what they show.
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Security-Policy", "sandbox");
    if (options.download !== undefined) {
      res.setHeader("Content-Disposition", attachmentDisposition(options.download || fileNameOf(row)));
    }
    if (partial) res.setHeader("Content-Range", contentRange(range, size) ?? "");
  } catch (error) {
    bytes?.destroy();
    throw error;
  }
  res.status(partial ? 206 : 200);
  if (!bytes) {
    res.end();
    return;
  }
  await pipeline(bytes, res);
}
