import type { ObjectInfo } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { objectView } from "./object-row";

/** The object with this id in the organization, as the caller may see it; undefined when there is none. */
export async function findObjectById(
  trx: Transaction<Database>,
  organizationId: string,
  objectId: string,
): Promise<ObjectInfo | undefined> {
  const row = await trx
    .selectFrom("storage.objects as o")
    .innerJoin("storage.buckets as b", "b.id", "o.bucket_id")
    .selectAll("o")
    .select("b.name as bucket_name")
    .where("o.organization_id", "=", organizationId)
    .where("o.id", "=", objectId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { bucket_name: bucketName, ...object } = row;
  return objectView(object, bucketName);
}
