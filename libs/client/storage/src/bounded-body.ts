import type { StoredObjectInfo } from "./object-info";
import { ObjectReadError } from "./object-read-error";

/** The refusal of an object over the limit, before or while its bytes are read. */
export function objectTooLarge(maxBytes: number, info?: StoredObjectInfo): ObjectReadError {
  return new ObjectReadError("too_large", `The object is larger than the ${maxBytes} bytes allowed`, { info });
}

/**
 * Reads a response's body up to `maxBytes`: a declared length over it is refused before any byte
 * is read, and a body that grows past it is cancelled at the first chunk that crosses it.
 */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw objectTooLarge(maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw objectTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  // One array of its own: callers may hand it to parsers that take over its buffer.
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
