import { createReadStream, createWriteStream } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { StorageBenchService } from "./storage-bench-service";

/**
 * The clients read and write the file on their side in 1 MiB steps, as the service does on its
 * side: with Node's default 16 KiB write buffer, a download spent twice the system time writing
 * the file it received and the client, not the service, set the rate.
 */
export const CLIENT_BUFFER_BYTES = 1 << 20;

async function refusal(response: Response, what: string): Promise<Error> {
  return new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

/**
 * Uploads a file (or its first `length` bytes) to `url`, streamed from disk as storage-js sends
 * a stream: a fetch body read as it goes (duplex "half"), chunked, replacing any object there.
 */
export async function uploadFile(url: string, token: string, file: string, length?: number): Promise<void> {
  const body = createReadStream(file, {
    end: length === undefined ? undefined : length - 1,
    highWaterMark: CLIENT_BUFFER_BYTES,
  });
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", "x-upsert": "true" },
    body,
    duplex: "half",
  });
  if (!response.ok) throw await refusal(response, `uploading to ${url}`);
  await response.arrayBuffer();
}

/** Downloads `url` into `target`, streamed to disk; answers the bytes written. */
export async function downloadFile(url: string, token: string, target: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw await refusal(response, `downloading ${url}`);
  const file = createWriteStream(target, { highWaterMark: CLIENT_BUFFER_BYTES });
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), file);
  return file.bytesWritten;
}

/** How a benchmark's client moves a file's bytes up to a URL and back down. */
export interface TransferClient {
  label: string;
  upload(url: string, token: string, file: string, length?: number): Promise<void>;
  download(url: string, token: string, target: string): Promise<number>;
}

/** fetch, streaming as storage-js does: what a browser-style client gets. */
export const FETCH_CLIENT: TransferClient = { label: "fetch", upload: uploadFile, download: downloadFile };

async function answerOf(request: ReturnType<typeof httpRequest>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => request.once("response", resolve).once("error", reject));
}

async function refusedBy(response: IncomingMessage, what: string): Promise<Error> {
  let text = "";
  for await (const chunk of response) text += String(chunk);
  return new Error(`${what} answered ${response.statusCode}: ${text.slice(0, 300)}`);
}

/**
 * node:http, the client Node's own SDKs build on (the AWS SDK's handler, for one): it costs the
 * benchmark's process less per byte than fetch, so the service's own rate shows.
 */
export const NODE_HTTP_CLIENT: TransferClient = {
  label: "node:http",
  async upload(url, token, file, length) {
    const body = createReadStream(file, {
      end: length === undefined ? undefined : length - 1,
      highWaterMark: CLIENT_BUFFER_BYTES,
    });
    const request = httpRequest(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", "x-upsert": "true" },
    });
    const answered = answerOf(request);
    await pipeline(body, request);
    const response = await answered;
    if ((response.statusCode ?? 0) >= 300) throw await refusedBy(response, `uploading to ${url}`);
    response.resume();
  },
  async download(url, token, target) {
    const request = httpRequest(url, { headers: { authorization: `Bearer ${token}` } });
    const answered = answerOf(request);
    request.end();
    const response = await answered;
    if (response.statusCode !== 200) throw await refusedBy(response, `downloading ${url}`);
    const file = createWriteStream(target, { highWaterMark: CLIENT_BUFFER_BYTES });
    await pipeline(response, file);
    return file.bytesWritten;
  },
};

/** Deletes the objects at `paths` (at most 1,000) in one call; answers how many the service removed. */
export async function removeObjects(service: StorageBenchService, paths: string[]): Promise<number> {
  const response = await fetch(`${service.apiUrl}/object/${service.bucket}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${service.token}`, "content-type": "application/json" },
    body: JSON.stringify({ prefixes: paths }),
  });
  if (!response.ok) throw await refusal(response, "bulk delete");
  const removed: unknown = await response.json();
  if (!Array.isArray(removed)) throw new Error("bulk delete answered something other than a list");
  return removed.length;
}
