import type { Request } from "express";
import { z } from "zod";
import { isValidBucketName, parseObjectPath } from "../http-kit/object-path";
import { StorageHttpError } from "../http-kit/storage-errors";

/** A bucket and an object path inside it, as a URL names them. */
export interface ObjectTarget {
  bucket: string;
  path: string;
}

// Express decodes route parameters, so `%2f` would pass for a separator: names are read from the
// raw URL instead. Inside the API's router, req.url is the raw path after `/orgs/:org`.
function rawSegments(req: Request): string[] {
  const path = req.url.split("?", 1)[0] ?? "";
  return path.split("/").slice(1);
}

/** The bucket named by the raw URL segment at `index` (counted after `/orgs/:org`), exactly as sent. */
export function bucketAt(req: Request, index: number): string {
  const raw = rawSegments(req)[index] ?? "";
  if (!isValidBucketName(raw)) throw StorageHttpError.invalidBucketName();
  return raw;
}

/**
 * The bucket at `index` and the object path of every raw segment after it, each decoded exactly
 * once; a path storage must not hold (`..`, `%2f`, NUL, too long) is refused before anything runs.
 */
export function objectAt(req: Request, index: number): ObjectTarget {
  const path = parseObjectPath(
    rawSegments(req)
      .slice(index + 1)
      .join("/"),
  );
  return { bucket: bucketAt(req, index), path };
}

/** The value of `?name` in the URL, decoded; undefined when absent. */
export function queryValue(req: Request, name: string): string | undefined {
  const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
  return new URLSearchParams(query).get(name) ?? undefined;
}

const downloadNameSchema = z.string().max(255);

/** `?download[=name]` of a download request: undefined when absent, "" when it names no file. */
export function downloadParam(req: Request): string | undefined {
  const value = queryValue(req, "download");
  if (value === undefined) return undefined;
  const parsed = downloadNameSchema.safeParse(value);
  if (!parsed.success) throw StorageHttpError.invalidRequest("download names a file of at most 255 characters");
  return parsed.data;
}
