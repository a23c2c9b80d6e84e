import type { AccessGrant } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database, type KeysetPage } from "@cauldron/db";
import type { InferResult, Transaction } from "kysely";

function grantsWithTargets(trx: Transaction<Database>, organizationId: string) {
  return trx
    .selectFrom("access_controls as ac")
    .leftJoin("storage.objects as o", "o.id", "ac.object_id")
    .innerJoin("storage.buckets as b", (join) =>
      join.on((eb) => eb("b.id", "=", eb.fn.coalesce("ac.bucket_id", "o.bucket_id"))),
    )
    .selectAll("ac")
    .select(["b.id as target_bucket_id", "b.name as bucket_name", "o.name as object_path", "o.owner as object_owner"])
    .select(preciseTime("ac.created_at").as("position"))
    .where("ac.organization_id", "=", organizationId);
}

/** A grant with the names of what it is on, and the object's owner (whose rank on it is admin). */
export type GrantRow = InferResult<ReturnType<typeof grantsWithTargets>>[number];

/** A grant as clients see it, naming its bucket and, for an object's grant, the object's path. */
export function grantView(row: GrantRow): AccessGrant {
  return {
    id: row.id,
    bucket: row.bucket_name,
    path: row.object_path,
    entityType: row.entity_type as AccessGrant["entityType"],
    entityId: row.entity_id,
    permission: row.permission as AccessGrant["permission"],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The grant with this id, as the caller may see it; undefined when there is none. */
export async function findGrant(
  trx: Transaction<Database>,
  organizationId: string,
  grantId: string,
): Promise<GrantRow | undefined> {
  return grantsWithTargets(trx, organizationId).where("ac.id", "=", grantId).executeTakeFirst();
}

/** A page of grants on a bucket and its objects, or on one object, oldest first. */
export async function listGrants(
  trx: Transaction<Database>,
  organizationId: string,
  target: { bucketId: string; objectId?: string },
  page: { limit: number; cursor?: string },
): Promise<KeysetPage<AccessGrant>> {
  let query = grantsWithTargets(trx, organizationId).where(
    pastTimeKey({ time: "ac.created_at", id: "ac.id" }, decodeTimeCursor(page.cursor), "after"),
  );
  query = target.objectId
    ? query.where("ac.object_id", "=", target.objectId)
    : query.where("b.id", "=", target.bucketId);
  const rows = await query
    .orderBy("ac.created_at")
    .orderBy("ac.id")
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, grantView, (row) => ({ at: row.position, id: row.id }));
}
