import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { ObjectRow } from "../objects/object-row";

/*
 * Public and signed links are read with no user for RLS to confine, so as the system role; each
 * query names the organization the link belongs to and joins the bucket through it, so a link
 * never reaches past its organization.
 */

/** What a link finds: whether the bucket exists (and is public, when that was asked), and the object. */
export interface LinkedObject {
  bucketFound: boolean;
  row: ObjectRow | undefined;
}

async function findLinkedObject(
  db: Kysely<Database>,
  target: { organizationId: string; bucket: string; path: string },
  publicOnly: boolean,
): Promise<LinkedObject> {
  return withSystem(db, async (trx) => {
    let buckets = trx
      .selectFrom("storage.buckets")
      .select("id")
      .where("organization_id", "=", target.organizationId)
      .where("name", "=", target.bucket);
    if (publicOnly) buckets = buckets.where("public", "=", true);
    const bucket = await buckets.executeTakeFirst();
    if (!bucket) return { bucketFound: false, row: undefined };
    const row = await trx
      .selectFrom("storage.objects")
      .selectAll()
      .where("bucket_id", "=", bucket.id)
      .where("organization_id", "=", target.organizationId)
      .where("name", "=", target.path)
      .executeTakeFirst();
    return { bucketFound: true, row };
  });
}

/** The object a signed download link names, in its organization. */
export function findSignedObject(
  db: Kysely<Database>,
  target: { organizationId: string; bucket: string; path: string },
): Promise<LinkedObject> {
  return findLinkedObject(db, target, false);
}

/** The object at a public URL: only in a public bucket of the organization. */
export function findPublicObject(
  db: Kysely<Database>,
  target: { organizationId: string; bucket: string; path: string },
): Promise<LinkedObject> {
  return findLinkedObject(db, target, true);
}
