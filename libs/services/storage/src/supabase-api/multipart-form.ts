import { Readable } from "node:stream";
import { ByteScanError, byteScanner, type ByteScanner } from "./byte-scanner";
import { MultipartError } from "./multipart-error";
import { partHeadersOf } from "./multipart-headers";

/** A form as Supabase clients send an upload: small text fields, then the file, streamed. */
export interface MultipartUpload {
  /** The text fields sent before the file (cacheControl, metadata, contentType). */
  fields: ReadonlyMap<string, string>;
  /** The file part's Content-Type. */
  fileType: string | undefined;
  file: Readable;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_PREAMBLE_BYTES = 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_PARTS = 16;
const MAX_EPILOGUE_BYTES = 1024;

/** The boundary a multipart/form-data Content-Type names, if it is one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function failure(error: unknown): unknown {
  return error instanceof ByteScanError ? new MultipartError(error.message) : error;
}

// After a delimiter comes `--` (the form ends) or CRLF (a part follows).
async function formEnds(scanner: ByteScanner): Promise<boolean> {
  const next = (await scanner.read(2)).toString("latin1");
  if (next === "--") return true;
  if (next === "\r\n") return false;
  throw new MultipartError("a boundary is followed by neither CRLF nor --");
}

// Parts after the file are read and dropped (bounded), then the epilogue, so the request completes.
async function* fileThenRest(scanner: ByteScanner, delimiter: Buffer, chunks: AsyncIterator<Buffer>, parts: number) {
  try {
    yield* scanner.streamUntil(delimiter);
    for (let count = parts; !(await formEnds(scanner)); count++) {
      if (count >= MAX_PARTS) throw new MultipartError("it has too many parts");
      await scanner.readUntil(HEADER_END, MAX_HEADER_BYTES);
      await scanner.readUntil(delimiter, MAX_FIELD_BYTES);
    }
    let epilogue = 0;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      epilogue += next.value.length;
      if (epilogue > MAX_EPILOGUE_BYTES) throw new MultipartError("it goes on after its closing boundary");
    }
  } catch (error) {
    throw failure(error);
  } finally {
    await chunks.return?.();
  }
}

/**
 * Reads a multipart/form-data upload up to its first file part and hands that part on as a
 * stream, never buffering it; fields before it are read whole (each within a small limit).
 */
export async function readMultipartUpload(source: Readable, boundary: string): Promise<MultipartUpload> {
  const chunks: AsyncIterator<Buffer> = source[Symbol.asyncIterator]();
  const scanner = byteScanner(chunks);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  try {
    await scanner.readUntil(delimiter.subarray(2), MAX_PREAMBLE_BYTES);
    const fields = new Map<string, string>();
    for (let parts = 1; parts <= MAX_PARTS; parts++) {
      if (await formEnds(scanner)) throw new MultipartError("it holds no file");
      const headers = partHeadersOf(await scanner.readUntil(HEADER_END, MAX_HEADER_BYTES));
      if (headers.filename === undefined) {
        fields.set(headers.name, (await scanner.readUntil(delimiter, MAX_FIELD_BYTES)).toString("utf8"));
        continue;
      }
      return { fields, fileType: headers.type, file: Readable.from(fileThenRest(scanner, delimiter, chunks, parts)) };
    }
    throw new MultipartError("it has too many parts");
  } catch (error) {
    await chunks.return?.();
    throw failure(error);
  }
}
