import type { Kysely } from "kysely";
import { createAccessPolicies, dropAccessPolicies } from "./0024_storage_service/access-policies";
import {
  addBucketAndObjectColumns,
  dropBucketAndObjectColumns,
} from "./0024_storage_service/bucket-and-object-columns";
import { createCallerAccessFunctions, dropCallerAccessFunctions } from "./0024_storage_service/caller-access";
import { createObjectRewriteFunctions, dropObjectRewriteFunctions } from "./0024_storage_service/object-rewrites";
import { addManagePermission, dropManagePermission } from "./0024_storage_service/manage-permission";
import { createUploadTable, dropUploadTable } from "./0024_storage_service/upload-table";
import { createUsageAndQuotas, dropUsageAndQuotas } from "./0024_storage_service/usage-and-quotas";

/*
 * What the storage service needs on top of 0003:
 * - buckets say whether they feed the knowledge base and what every member may do with their
 *   objects; objects carry their bytes' version and Cache-Control;
 * - storage.uploads holds resumable uploads in progress;
 * - storage.quotas and storage.usage limit and count each organization's bytes and objects, the
 *   usage kept exact by triggers;
 * - access to objects, their metadata, grants, buckets and uploads is enforced by restrictive RLS
 *   policies from the caller's organization role, ownership, bucket defaults and grants;
 * - `storage:manage` lets owners and admins create and configure buckets, grant access, set quotas.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await addBucketAndObjectColumns(db);
  await createUploadTable(db);
  await createUsageAndQuotas(db);
  await createCallerAccessFunctions(db);
  await createObjectRewriteFunctions(db);
  await createAccessPolicies(db);
  await addManagePermission(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropManagePermission(db);
  await dropAccessPolicies(db);
  await dropObjectRewriteFunctions(db);
  await dropCallerAccessFunctions(db);
  await dropUsageAndQuotas(db);
  await dropUploadTable(db);
  await dropBucketAndObjectColumns(db);
}
