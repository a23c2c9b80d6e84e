import { createHash, randomBytes } from "node:crypto";
import { Upload, type DetailedError } from "tus-js-client";
import type { ObjectBytesStore } from "../backends/object-bytes-store";
import { UPLOAD_KEY_PREFIX } from "../objects/bytes-location";
import type { StorageTestKit } from "../testing";

/** Who sends a request: a person of the test, by their token. */
type Caller = { token: string };

/** tus-js-client's options, as its constructor takes them. */
export type TusOptions = NonNullable<ConstructorParameters<typeof Upload>[1]>;

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Bytes no sniffer takes for a known format, so the declared type is what the object gets. */
export const randomFile = (size: number) => Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(size - 4)]);

/** How tus-js-client is set up to upload into `bucket` as `person`: Supabase's endpoint, headers and metadata. */
export function tusOptions(
  kit: StorageTestKit,
  organizationId: string,
  person: Caller,
  target: { bucket: string; path: string; contentType?: string },
  extra: Partial<TusOptions> = {},
): TusOptions {
  return {
    endpoint: `${kit.apiUrl(organizationId)}/upload/resumable`,
    headers: { authorization: `Bearer ${person.token}`, "x-upsert": "true" },
    metadata: {
      bucketName: target.bucket,
      objectName: target.path,
      contentType: target.contentType ?? "application/octet-stream",
    },
    // Retries come quickly, so a test waits little for them.
    retryDelays: [0, 50, 100, 200, 400, 800],
    ...extra,
  };
}

/** Runs an upload to its end: resolves with it once the server has the whole file, rejects with tus-js-client's error. */
export function uploadToEnd(file: Buffer, options: TusOptions): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      ...options,
      onSuccess: () => resolve(upload),
      onError: (error) => reject(error),
    });
    upload.start();
  });
}

/** Uploads until `chunks` PATCHes have been answered, then stops as a client that went away would; resolves with the upload URL. */
export function uploadSomeChunks(file: Buffer, options: TusOptions, chunks: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let answered = 0;
    const upload: Upload = new Upload(file, {
      ...options,
      onChunkComplete: () => {
        answered += 1;
        if (answered === chunks) void upload.abort().then(() => resolve(upload.url ?? ""), reject);
      },
      onSuccess: () => reject(new Error("the upload finished before it was stopped")),
      onError: (error) => reject(error),
    });
    upload.start();
  });
}

/** The HTTP status a refused tus-js-client upload was answered with. */
export function statusOf(error: unknown): number | undefined {
  return (error as DetailedError).originalResponse?.getStatus();
}

/** A bare TUS request (for what tus-js-client never sends wrong), with the protocol header unless told otherwise. */
export function tusRequest(
  url: string,
  init: { method: string; token?: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<Response> {
  return fetch(url, {
    method: init.method,
    headers: {
      "tus-resumable": "1.0.0",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body,
  });
}

/** Encodes Upload-Metadata as TUS clients do: `key base64(value)` pairs. */
export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");
}

/** Creates an upload with a bare POST, as `token`; answers the response (its Location is the upload's URL). */
export function createUploadRequest(
  kit: StorageTestKit,
  organizationId: string,
  token: string,
  upload: { length: number; metadata: Record<string, string>; headers?: Record<string, string> },
): Promise<Response> {
  return tusRequest(`${kit.apiUrl(organizationId)}/upload/resumable`, {
    method: "POST",
    token,
    headers: {
      "upload-length": String(upload.length),
      "upload-metadata": encodeMetadata(upload.metadata),
      ...upload.headers,
    },
  });
}

/** Every key stored for resumable uploads' parts. */
export async function uploadPartKeys(bytes: ObjectBytesStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of bytes.list(UPLOAD_KEY_PREFIX)) keys.push(key);
  return keys;
}

/** Downloads an object as `person` through the Supabase-compatible API, as storage-js would. */
export async function downloadObject(
  kit: StorageTestKit,
  person: Caller,
  organizationId: string,
  target: { bucket: string; path: string },
): Promise<Buffer> {
  const path = target.path.split("/").map(encodeURIComponent).join("/");
  const response = await fetch(`${kit.apiUrl(organizationId)}/object/authenticated/${target.bucket}/${path}`, {
    headers: { authorization: `Bearer ${person.token}` },
  });
  if (!response.ok) throw new Error(`the download was answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}
