import type { AccessGrant, grantAccessInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { OrganizationCaller } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { findObject } from "../objects/object-queries";
import { objectNotFound } from "../objects/object-refusals";
import type { StorageWriter } from "../objects/storage-caller";
import { entityNotInOrganization } from "./access-refusals";
import { assertMayChangeGrants } from "./grant-authority";
import { entityBelongsToOrganization } from "./grant-entity";
import { findGrant, grantView } from "./grant-queries";

type GrantAccessInput = z.output<typeof grantAccessInputSchema>;
type GrantTarget = { bucketId: string; object?: { id: string; owner: string | null } };

async function resolveTarget(
  trx: Transaction<Database>,
  organizationId: string,
  input: GrantAccessInput,
): Promise<GrantTarget> {
  const bucket = await findBucket(trx, organizationId, input.bucket);
  if (!bucket) throw bucketNotFound(input.bucket);
  if (input.path === undefined) return { bucketId: bucket.id };
  const object = await findObject(trx, bucket.id, input.path);
  if (!object) throw objectNotFound(input.path);
  return { bucketId: bucket.id, object };
}

/** The id of the same grant made before, if any. */
async function findSameGrant(
  trx: Transaction<Database>,
  target: GrantTarget,
  input: GrantAccessInput,
): Promise<string | undefined> {
  let query = trx
    .selectFrom("access_controls")
    .select("id")
    .where("entity_type", "=", input.entityType)
    .where("entity_id", "=", input.entityId)
    .where("permission", "=", input.permission);
  query = target.object
    ? query.where("object_id", "=", target.object.id)
    : query.where("bucket_id", "=", target.bucketId);
  return (await query.executeTakeFirst())?.id;
}

/**
 * Lets a member, team, role or the whole organization use a bucket or one object at a level;
 * granting what is already granted answers the existing grant.
 */
export async function grantAccess(
  caller: StorageWriter & Pick<OrganizationCaller, "can">,
  input: GrantAccessInput,
): Promise<AccessGrant> {
  return caller.tenant(async (trx) => {
    const target = await resolveTarget(trx, caller.organizationId, input);
    await assertMayChangeGrants(trx, caller, target);
    if (!(await entityBelongsToOrganization(trx, caller.organizationId, input)))
      throw entityNotInOrganization(input.entityType);
    let id = await findSameGrant(trx, target, input);
    if (id === undefined) {
      ({ id } = await trx
        .insertInto("access_controls")
        .values({
          ...(target.object ? { object_id: target.object.id } : { bucket_id: target.bucketId }),
          organization_id: caller.organizationId,
          entity_type: input.entityType,
          entity_id: input.entityId,
          permission: input.permission,
          created_by: caller.actorUserId,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
      const { bucket, path = null, entityType, entityId, permission } = input;
      await caller.record(trx, {
        action: "access.granted",
        target: target.object ? { type: "object", id: target.object.id } : { type: "bucket", id: target.bucketId },
        metadata: { grantId: id, bucket, path, entityType, entityId, permission },
      });
    }
    const grant = await findGrant(trx, caller.organizationId, id);
    if (!grant) throw new Error("a grant just written is not visible to its writer");
    return grantView(grant);
  });
}
