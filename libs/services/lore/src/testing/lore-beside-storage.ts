import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createStorageService, type StorageRouter } from "@cauldron/service-storage";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestPeople,
  createTestRedisPrefix,
  startTestService,
  type TestOrganization,
  type TestPerson,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { createLoreService, type LoreRouter, type LoreServiceOptions } from "../lore-service";

/** Lore and storage on one test database and Redis prefix, lore pointed at storage, with an organization and a member. */
export interface LoreBesideStorage {
  database: TestDatabase;
  storage: TestService<StorageRouter>;
  lore: TestService<LoreRouter>;
  org: TestOrganization;
  member: TestPerson;
  /** A token storage accepts for `user` (each service signs with its own test key). */
  storageToken(user: TestPerson): Promise<string>;
  /** Creates a bucket as the organization's owner. */
  createBucket(name: string, settings?: { knowledgeSource?: boolean; defaultAccess?: "none" }): Promise<void>;
  close(): Promise<void>;
}

/** Boots storage (on a private folder) and lore beside it, with or without their workers. */
export async function startLoreBesideStorage(options: {
  lore?: LoreServiceOptions;
  workers: boolean;
}): Promise<LoreBesideStorage> {
  const database = await createTestDatabase();
  const redisKeyPrefix = createTestRedisPrefix();
  const folder = await mkdtemp(path.join(tmpdir(), "lore-storage-"));
  const workers = options.workers ? { leaseMs: 60_000 } : false;
  const storage = await startTestService(
    createStorageService({ config: { STORAGE_BACKEND: "filesystem", STORAGE_DATA_DIR: folder } }),
    { db: database.db, redisKeyPrefix, workers },
  );
  const lore = await startTestService(createLoreService(options.lore), {
    db: database.db,
    redisKeyPrefix,
    workers,
    env: { STORAGE_SERVICE_URL: storage.url },
  });
  const people = createTestPeople(database, lore.signer);
  const org = await people.createOrganization("archive");
  const member = await people.createUser("scribe");
  await people.addMember(org.id, member, "member");
  const storageToken = (user: TestPerson) => storage.signer.issueAccessToken({ userId: user.id });
  return {
    database,
    storage,
    lore,
    org,
    member,
    storageToken,
    async createBucket(name, settings = {}) {
      const owner = storage.client({ token: await storageToken(org.owner), organizationId: org.id });
      await owner.storage.buckets.create.mutate({ name, ...settings });
    },
    async close() {
      await lore.close();
      await storage.close();
      await clearTestRedisPrefix(redisKeyPrefix);
      await database.destroy();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
