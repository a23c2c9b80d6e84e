import type { ObjectInfo } from "@cauldron/contracts";
import type { Readable } from "node:stream";
import type { ByteRange } from "../backends/object-bytes-store";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import type { StorageRuntime } from "../storage-runtime";
import { bytesKey } from "./bytes-location";
import { findObject } from "./object-queries";
import { objectNotFound } from "./object-refusals";
import { objectView, type ObjectRow } from "./object-row";
import type { StorageReader } from "./storage-caller";

/** An object's row as the caller may see it, with its bucket's name. */
export async function describeObject(
  caller: StorageReader,
  bucketName: string,
  path: string,
): Promise<{ info: ObjectInfo; row: ObjectRow }> {
  return caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, bucketName);
    if (!bucket) throw bucketNotFound(bucketName);
    const row = await findObject(trx, bucket.id, path);
    if (!row) throw objectNotFound(path);
    return { info: objectView(row, bucket.name), row };
  });
}

/** The bytes of a row's version, all or a range, streamed from the backend. */
export function readObjectBytes(runtime: StorageRuntime, row: ObjectRow, range?: ByteRange): Promise<Readable> {
  return runtime.bytes.read(bytesKey(row.organization_id, row.version), range);
}
