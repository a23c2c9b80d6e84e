import type { MoveObjectInput, ObjectInfo } from "@cauldron/contracts";
import { invalidFields, isUniqueViolation } from "@cauldron/rpc";
import { randomUUID } from "node:crypto";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { checkObjectName, ObjectPathError } from "../http-kit/object-path";
import type { StorageRuntime } from "../storage-runtime";
import { organizationUsage, quotaExceeded } from "../usage/usage-queries";
import { bytesKey } from "./bytes-location";
import { discardBytes } from "./discard-bytes";
import { objectWrittenEvent } from "./object-events";
import { findObject } from "./object-queries";
import { objectExists, objectNotFound, storageQuotaExceeded } from "./object-refusals";
import { objectView } from "./object-row";
import type { StorageWriter } from "./storage-caller";

// The URL routes refuse some names a JSON string can carry (C1 controls, say): none may be made here.
function checkDestination(path: string): void {
  try {
    checkObjectName(path);
  } catch (error) {
    if (error instanceof ObjectPathError) throw invalidFields([{ path: ["to"], message: error.message }]);
    throw error;
  }
}

async function resolveEnds(caller: StorageWriter, input: MoveObjectInput) {
  checkDestination(input.to);
  return caller.tenant(async (trx) => {
    const source = await findBucket(trx, caller.organizationId, input.bucket);
    if (!source) throw bucketNotFound(input.bucket);
    const targetName = input.destinationBucket ?? input.bucket;
    const target = targetName === input.bucket ? source : await findBucket(trx, caller.organizationId, targetName);
    if (!target) throw bucketNotFound(targetName);
    return { source, target };
  });
}

/** Renames an object (within its bucket or into another of the organization's); its bytes stay where they are. */
export async function moveObject(caller: StorageWriter, input: MoveObjectInput): Promise<ObjectInfo> {
  const { source, target } = await resolveEnds(caller, input);
  try {
    return await caller.tenant(async (trx) => {
      const row = await findObject(trx, source.id, input.from, { lock: true });
      if (!row) throw objectNotFound(input.from);
      if (await findObject(trx, target.id, input.to)) throw objectExists(input.to);
      const moved = await trx
        .updateTable("storage.objects")
        .set({ bucket_id: target.id, name: input.to })
        .where("id", "=", row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "object.moved",
        target: { type: "object", id: row.id },
        metadata: { from: `${source.name}/${input.from}`, to: `${target.name}/${input.to}` },
        events: [objectWrittenEvent(moved, target, caller.actorUserId, { replaced: false, previousPath: input.from })],
      });
      return objectView(moved, target.name);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw objectExists(input.to);
    throw error;
  }
}

/** Copies an object to a new path: its bytes under a new version, then the new row, within the quota. */
export async function copyObject(
  runtime: StorageRuntime,
  caller: StorageWriter,
  input: MoveObjectInput,
): Promise<ObjectInfo> {
  const { source, target } = await resolveEnds(caller, input);
  const original = await caller.tenant((trx) => findObject(trx, source.id, input.from));
  if (!original) throw objectNotFound(input.from);
  const version = randomUUID();
  const key = bytesKey(caller.organizationId, version);
  await runtime.bytes.copy(bytesKey(original.organization_id, original.version), key);
  try {
    return await caller.tenant(async (trx) => {
      if (await findObject(trx, target.id, input.to)) throw objectExists(input.to);
      const row = await trx
        .insertInto("storage.objects")
        .values({
          organization_id: caller.organizationId,
          bucket_id: target.id,
          name: input.to,
          owner: caller.actorUserId,
          size: original.size,
          checksum: original.checksum,
          mime_type: original.mime_type,
          cache_control: original.cache_control,
          metadata: JSON.stringify(original.metadata ?? {}),
          version,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const overLimit = quotaExceeded(await organizationUsage(trx, caller.organizationId));
      if (overLimit) throw storageQuotaExceeded(overLimit);
      await caller.record(trx, {
        action: "object.copied",
        target: { type: "object", id: row.id },
        metadata: { from: `${source.name}/${input.from}`, to: `${target.name}/${input.to}` },
        events: [objectWrittenEvent(row, target, caller.actorUserId, { replaced: false })],
      });
      return objectView(row, target.name);
    });
  } catch (error) {
    await discardBytes(runtime, [key]);
    if (isUniqueViolation(error)) throw objectExists(input.to);
    throw error;
  }
}
