import type { ChangeEvent } from "@cauldron/rpc";
import type { BucketRow } from "../buckets/bucket-row";
import type { ObjectRow } from "./object-row";

function objectFields(row: ObjectRow, bucket: BucketRow, actorUserId: string | null) {
  return {
    organizationId: row.organization_id,
    objectId: row.id,
    bucket: bucket.name,
    path: row.name,
    size: Number(row.size),
    mimeType: row.mime_type,
    checksum: row.checksum,
    knowledgeSource: bucket.knowledge_source,
    actorUserId,
  };
}

/** `object.created`, or `object.updated` when the row replaced or moved an existing object. */
export function objectWrittenEvent(
  row: ObjectRow,
  bucket: BucketRow,
  actorUserId: string | null,
  change: { replaced: boolean; previousPath?: string },
): ChangeEvent {
  const fields = objectFields(row, bucket, actorUserId);
  if (!change.replaced && change.previousPath === undefined) return { name: "object.created", payload: fields };
  return { name: "object.updated", payload: { ...fields, previousPath: change.previousPath ?? null } };
}

export function objectDeletedEvent(row: ObjectRow, bucketName: string, actorUserId: string | null): ChangeEvent {
  return {
    name: "object.deleted",
    payload: { organizationId: row.organization_id, objectId: row.id, bucket: bucketName, path: row.name, actorUserId },
  };
}
