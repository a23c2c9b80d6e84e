import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { IngestRefusal } from "./ingest-refusal";

const gunzipBounded = promisify(gunzip);

/** How much of a body the endpoints take. */
export interface BodyLimits {
  /** Bytes as sent. */
  maxBytes: number;
  /** Bytes once a gzip body is inflated. */
  maxInflatedBytes: number;
}

/** Content-Encodings a protocol takes: `gzip` is inflated here, `snappy` is left to the protocol's decoder. */
export type BodyEncoding = "identity" | "gzip" | "snappy";

function encodingOf(req: IncomingMessage, accepted: readonly BodyEncoding[]): BodyEncoding {
  const declared = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const encoding = accepted.find((name) => name === declared);
  if (encoding) return encoding;
  const named = JSON.stringify(declared.slice(0, 40));
  throw new IngestRefusal(415, `Content-Encoding ${named} is not accepted here; send ${accepted.join(" or ")}`);
}

function readWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
  const tooLarge = () => new IngestRefusal(413, `The body is larger than ${maxBytes} bytes`);
  if (declared !== null && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (error: IngestRefusal) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onError);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      req.off("close", onError);
      resolve(Buffer.concat(chunks, received));
    };
    // A connection cut mid-body may end with "close" alone; the read must still settle.
    const onError = () => stop(new IngestRefusal(400, "The body ended before it was complete"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onError);
  });
}

async function inflate(body: Buffer, maxInflatedBytes: number): Promise<Buffer> {
  try {
    return await gunzipBounded(body, { maxOutputLength: maxInflatedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new IngestRefusal(413, `The body inflates to more than ${maxInflatedBytes} bytes`);
    }
    throw new IngestRefusal(400, "The body is not valid gzip data");
  }
}

/**
 * Reads a protocol request's body within the limits: refused with 413 as soon as it is known to be
 * too large (from Content-Length, else once that many bytes arrived), gzip inflated up to its own bound.
 */
export async function readIngestBody(
  req: IncomingMessage,
  limits: BodyLimits,
  accepted: readonly BodyEncoding[],
): Promise<Buffer> {
  const encoding = encodingOf(req, accepted);
  const body = await readWithin(req, limits.maxBytes);
  return encoding === "gzip" ? inflate(body, limits.maxInflatedBytes) : body;
}
