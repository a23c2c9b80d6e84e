import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { createStorageService } from "../storage-service";

/**
 * The storage service for the sweep over every procedure, on a private folder: one organization
 * with a bucket holding an object (uploaded through the Supabase-compatible API), its metadata,
 * a grant on the bucket and a quota.
 */
export const storageSweepFixture: SweepFixture = {
  name: "storage",
  async start({ database, redisKeyPrefix }) {
    const folder = await mkdtemp(path.join(tmpdir(), "cauldron-storage-sweep-"));
    const service = await startTestService(
      createStorageService({ config: { STORAGE_BACKEND: "filesystem", STORAGE_DATA_DIR: folder } }),
      { db: database.db, redisKeyPrefix },
    );
    return {
      name: "storage",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const token = await organization.owner.newSession();
        const owner = service.client({ token, organizationId: organization.id });
        const bucket = await owner.storage.buckets.create.mutate({ name: `ledgers-${tag}` });
        const objectPath = `quarry/manifest-${tag}.txt`;
        const uploaded = await fetch(`${service.url}/orgs/${organization.id}/object/${bucket.name}/${objectPath}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
          body: `Marble blocks shipped: ${tag}`,
        });
        if (!uploaded.ok) throw new Error(`seeding an object failed with ${uploaded.status}: ${await uploaded.text()}`);
        const object = await owner.storage.objects.info.query({ bucket: bucket.name, path: objectPath });
        await owner.storage.metadata.update.mutate({
          bucket: bucket.name,
          path: objectPath,
          title: `Harbour manifest ${tag}`,
          tags: [`cargo-${tag}`],
        });
        const grant = await owner.storage.access.grant.mutate({
          bucket: bucket.name,
          entityType: "organization",
          entityId: organization.id,
          permission: "read",
        });
        return {
          ids: {
            objectId: [object.id],
            grantId: [grant.id],
            name: [bucket.name],
            bucket: [bucket.name],
            destinationBucket: [bucket.name],
          },
          markers: [bucket.name, objectPath, `Harbour manifest ${tag}`, `cargo-${tag}`],
          readBack: async () => ({
            buckets: await owner.storage.buckets.list.query({}),
            objects: await owner.storage.objects.list.query({ bucket: bucket.name }),
            metadata: await owner.storage.metadata.get.query({ bucket: bucket.name, path: objectPath }),
            grants: await owner.storage.access.list.query({ bucket: bucket.name }),
            usage: await owner.storage.usage.get.query(),
          }),
        };
      },
      async close() {
        await service.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  },
};
