import type { AccessGrant } from "@cauldron/contracts";
import type { OrganizationCaller } from "@cauldron/rpc";
import type { StorageWriter } from "../objects/storage-caller";
import { accessDenied, grantNotFound } from "./access-refusals";
import { assertMayChangeGrants } from "./grant-authority";
import { findGrant, grantView } from "./grant-queries";

/** Withdraws a grant, answering it as it was. */
export async function revokeAccess(
  caller: StorageWriter & Pick<OrganizationCaller, "can">,
  grantId: string,
): Promise<AccessGrant> {
  return caller.tenant(async (trx) => {
    const grant = await findGrant(trx, caller.organizationId, grantId);
    if (!grant) throw grantNotFound(grantId);
    const bucketId = grant.target_bucket_id;
    const object = grant.object_id ? { id: grant.object_id, owner: grant.object_owner } : undefined;
    await assertMayChangeGrants(trx, caller, { bucketId, object });
    const deleted = await trx
      .deleteFrom("access_controls")
      .where("id", "=", grantId)
      .returning("id")
      .executeTakeFirst();
    // The policies have the last word: a manager without admin rank on the target changes nothing.
    if (!deleted) throw accessDenied("You may see this grant but not withdraw it");
    await caller.record(trx, {
      action: "access.revoked",
      target: object ? { type: "object", id: object.id } : { type: "bucket", id: bucketId },
      metadata: {
        grantId,
        bucket: grant.bucket_name,
        path: grant.object_path,
        entityType: grant.entity_type,
        entityId: grant.entity_id,
        permission: grant.permission,
      },
    });
    return grantView(grant);
  });
}
