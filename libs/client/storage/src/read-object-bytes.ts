import { objectTooLarge, readBoundedBody } from "./bounded-body";
import { checksumOfEtag, parseObjectInfo, type StoredObjectInfo } from "./object-info";
import { failureOfStatus, ObjectReadError } from "./object-read-error";

/** One object to read through storage's HTTP API, as whom, and how much of it at most. */
export interface ObjectBytesRequest {
  /** The storage service's base URL (STORAGE_SERVICE_URL). */
  url: string;
  organizationId: string;
  bucket: string;
  path: string;
  /** A bearer token storage accepts, such as a service token acting for a user with storage:read. */
  token: string;
  /** An object larger than this is refused before its bytes are read. */
  maxBytes: number;
  /** Whether to read an object, judged from its info; one declined is ObjectReadError `not_accepted`. */
  accept?: (info: StoredObjectInfo) => boolean;
  requestId?: string;
  /** Ends the read (a timeout, a shutdown); the read then fails with `timeout`. */
  signal?: AbortSignal;
}

/** An object's info and its bytes, as they were when read. */
export interface ObjectBytes {
  info: StoredObjectInfo;
  bytes: Uint8Array;
}

function objectUrl(request: ObjectBytesRequest, route: "info" | "bytes"): string {
  const base = `${request.url.replace(/\/+$/, "")}/orgs/${encodeURIComponent(request.organizationId)}/object`;
  const target = [request.bucket, ...request.path.split("/")].map(encodeURIComponent).join("/");
  return route === "info" ? `${base}/info/${target}` : `${base}/${target}`;
}

async function get(request: ObjectBytesRequest, url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Bearer ${request.token}`,
        ...(request.requestId ? { "x-request-id": request.requestId } : {}),
      },
      redirect: "error",
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted)
      throw new ObjectReadError("timeout", "Storage did not answer in time", { cause: error });
    throw new ObjectReadError("unavailable", "Storage could not be reached", { cause: error });
  }
  if (response.ok) return response;
  await response.body?.cancel();
  const status = response.status;
  throw new ObjectReadError(failureOfStatus(status), `Storage answered ${status} for the object`, { status });
}

/**
 * Reads an object's info, then its bytes, through storage's Supabase-compatible API. An object over
 * `maxBytes` (or declined by `accept`) is refused from its info, and a download that runs past the
 * limit is cut off; bytes replaced between the two requests (another ETag) fail with `changed`.
 */
export async function readObjectBytes(request: ObjectBytesRequest): Promise<ObjectBytes> {
  const infoResponse = await get(request, objectUrl(request, "info"));
  let info: StoredObjectInfo;
  try {
    info = parseObjectInfo(await infoResponse.json());
  } catch (error) {
    throw new ObjectReadError("rejected", "Storage answered with something other than the object's info", {
      cause: error,
    });
  }
  if (info.size > request.maxBytes) throw objectTooLarge(request.maxBytes, info);
  if (request.accept && !request.accept(info)) {
    throw new ObjectReadError("not_accepted", `Objects of type ${info.mimeType ?? "unknown"} are not read here`, {
      info,
    });
  }
  const response = await get(request, objectUrl(request, "bytes"));
  if (info.checksum !== null && checksumOfEtag(response.headers.get("etag")) !== info.checksum) {
    await response.body?.cancel();
    throw new ObjectReadError("changed", "The object was replaced while it was read");
  }
  try {
    return { info, bytes: await readBoundedBody(response, request.maxBytes) };
  } catch (error) {
    if (error instanceof ObjectReadError) throw error;
    if (request.signal?.aborted)
      throw new ObjectReadError("timeout", "Storage did not answer in time", { cause: error });
    throw new ObjectReadError("unavailable", "The object's download broke off", { cause: error });
  }
}
