import type { ObjectInfo } from "@cauldron/contracts";
import { isUniqueViolation } from "@cauldron/rpc";
import type { StoredBytes } from "../backends/object-bytes-store";
import type { BucketRow } from "../buckets/bucket-row";
import type { StorageRuntime } from "../storage-runtime";
import { organizationUsage, quotaExceeded } from "../usage/usage-queries";
import { bytesKey } from "./bytes-location";
import { discardBytes } from "./discard-bytes";
import { objectWrittenEvent } from "./object-events";
import { findObject } from "./object-queries";
import { objectExists, storageQuotaExceeded } from "./object-refusals";
import { objectView } from "./object-row";
import type { StorageWriter } from "./storage-caller";

/** Bytes already stored under a new version's key, to become the object at `path`. */
export interface NewObjectVersion {
  bucket: BucketRow;
  path: string;
  version: string;
  stored: StoredBytes;
  mimeType: string;
  cacheControl: string | null;
  metadata: Record<string, unknown>;
  upsert: boolean;
}

/**
 * Points the object at `path` to freshly stored bytes (creating it, or replacing it with upsert),
 * with its audit entry and event, refusing past the quota, all in one transaction. The new bytes
 * are removed when that fails; the replaced version's bytes once it commits.
 */
export async function commitObjectVersion(
  runtime: StorageRuntime,
  caller: StorageWriter,
  next: NewObjectVersion,
): Promise<ObjectInfo> {
  const { organizationId } = caller;
  let replacedVersion: string | null = null;
  let info: ObjectInfo;
  try {
    info = await caller.tenant(async (trx) => {
      const existing = await findObject(trx, next.bucket.id, next.path, { lock: true });
      if (existing && !next.upsert) throw objectExists(next.path);
      const values = {
        size: next.stored.size,
        checksum: next.stored.sha256,
        mime_type: next.mimeType,
        cache_control: next.cacheControl,
        metadata: JSON.stringify(next.metadata),
        version: next.version,
      };
      const row = existing
        ? await trx
            .updateTable("storage.objects")
            .set(values)
            .where("id", "=", existing.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto("storage.objects")
            .values({
              ...values,
              organization_id: organizationId,
              bucket_id: next.bucket.id,
              name: next.path,
              owner: caller.actorUserId,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
      const overLimit = quotaExceeded(await organizationUsage(trx, organizationId));
      if (overLimit) throw storageQuotaExceeded(overLimit);
      await caller.record(trx, {
        action: existing ? "object.replaced" : "object.created",
        target: { type: "object", id: row.id },
        metadata: { bucket: next.bucket.name, path: next.path, size: next.stored.size },
        events: [objectWrittenEvent(row, next.bucket, caller.actorUserId, { replaced: existing !== undefined })],
      });
      replacedVersion = existing?.version ?? null;
      return objectView(row, next.bucket.name);
    });
  } catch (error) {
    await discardBytes(runtime, [bytesKey(organizationId, next.version)]);
    // Another upload took the path between our check and our insert, or the caller cannot see the object there.
    if (isUniqueViolation(error)) throw objectExists(next.path);
    throw error;
  }
  if (replacedVersion) await discardBytes(runtime, [bytesKey(organizationId, replacedVersion)]);
  return info;
}
