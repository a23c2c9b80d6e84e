import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { WriteTenant } from "./backup-restore-rows";

/** An object's current bytes, as the storage service keeps them: a new version per write. */
export interface StoredObject {
  path: string;
  version: string;
  sha256: string;
  size: number;
}

/** Where the filesystem store keeps an object version's bytes. */
export function objectBytesPath(storeDir: string, organizationId: string, version: string): string {
  return join(storeDir, organizationId, version);
}

async function removeBytes(storeDir: string, organizationId: string, version: string): Promise<void> {
  await unlink(objectBytesPath(storeDir, organizationId, version)).catch(() => undefined);
}

/**
 * Stores an object the way the storage service does: the bytes of a new version land first
 * (written aside, renamed into place), then the row points at them; a replaced version's bytes
 * are removed once that commits.
 */
export async function putObject(
  db: Kysely<Database>,
  storeDir: string,
  tenant: WriteTenant,
  path: string,
  bytes: Buffer,
): Promise<StoredObject> {
  const version = randomUUID();
  const target = objectBytesPath(storeDir, tenant.organizationId, version);
  const partial = join(storeDir, ".partial", randomUUID());
  await mkdir(dirname(partial), { recursive: true });
  await writeFile(partial, bytes);
  await mkdir(dirname(target), { recursive: true });
  await rename(partial, target);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const values = { size: bytes.length, checksum: sha256, mime_type: "application/octet-stream", version };
  const replaced = await withSystem(db, async (trx) => {
    const existing = await trx
      .selectFrom("storage.objects")
      .select(["id", "version"])
      .where("bucket_id", "=", tenant.bucketId)
      .where("name", "=", path)
      .forUpdate()
      .executeTakeFirst();
    if (existing) await trx.updateTable("storage.objects").set(values).where("id", "=", existing.id).execute();
    else {
      await trx
        .insertInto("storage.objects")
        .values({
          ...values,
          organization_id: tenant.organizationId,
          bucket_id: tenant.bucketId,
          name: path,
          owner: tenant.userId,
        })
        .execute();
    }
    return existing?.version;
  });
  if (replaced) await removeBytes(storeDir, tenant.organizationId, replaced);
  return { path, version, sha256, size: bytes.length };
}

/** Deletes an object's row, then its bytes, as the storage service does. */
export async function deleteObject(
  db: Kysely<Database>,
  storeDir: string,
  tenant: WriteTenant,
  path: string,
): Promise<void> {
  const removed = await withSystem(db, (trx) =>
    trx
      .deleteFrom("storage.objects")
      .where("bucket_id", "=", tenant.bucketId)
      .where("name", "=", path)
      .returning("version")
      .executeTakeFirst(),
  );
  if (removed) await removeBytes(storeDir, tenant.organizationId, removed.version);
}
