import type { AnyDomainEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createEventTap,
  createTestDatabase,
  createTestPeople,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestOrganization,
  type TestPeople,
  type TestPerson,
  type TestService,
} from "@cauldron/testing";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { StorageEnv } from "../storage-config";
import { createStorageService, type StorageRouter } from "../storage-service";
import { startS3Emulator, type S3Emulator } from "./s3-emulator";

type StorageClient = ReturnType<TestService<StorageRouter>["client"]>;

/** Which byte backend a test runs on: a private folder, or an S3 emulator on loopback. */
export type StorageTestBackend = "filesystem" | "s3";

/** Everything a storage service test needs: its own database, the service on a chosen backend, people. */
export interface StorageTestKit extends TestPeople {
  database: TestDatabase;
  service: TestService<StorageRouter>;
  backend: StorageTestBackend;
  /** The Supabase-compatible API root of an organization (`…/orgs/<id>`), for storage-js and tus-js-client. */
  apiUrl(organizationId: string): string;
  /** A typed client acting as `user` inside `organizationId`. */
  as(user: TestPerson, organizationId?: string): StorageClient;
  ownerOf(organization: TestOrganization): StorageClient;
  /** Relays the outbox and returns the events published since the last call. */
  takeEvents(): Promise<AnyDomainEvent[]>;
  /**
   * Stops the service and boots a new one, at a new URL, on the same database, Redis prefix and
   * backend. The new one signs with a key of its own: tokens issued before it no longer verify, so
   * issue new ones with `service.signer` (people created afterwards get them already).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function backendSettings(
  backend: StorageTestBackend,
): Promise<{ settings: Partial<StorageEnv>; close(): Promise<void> }> {
  if (backend === "s3") {
    const emulator: S3Emulator = await startS3Emulator();
    return {
      settings: {
        STORAGE_BACKEND: "s3",
        STORAGE_S3_ENDPOINT: emulator.endpoint,
        STORAGE_S3_REGION: emulator.region,
        STORAGE_S3_BUCKET: emulator.bucket,
        STORAGE_S3_ACCESS_KEY_ID: emulator.accessKeyId,
        STORAGE_S3_SECRET_ACCESS_KEY: emulator.secretAccessKey,
        STORAGE_S3_FORCE_PATH_STYLE: true,
      },
      close: () => emulator.close(),
    };
  }
  const folder = await mkdtemp(path.join(tmpdir(), "cauldron-storage-"));
  return {
    settings: { STORAGE_BACKEND: "filesystem", STORAGE_DATA_DIR: folder },
    close: () => rm(folder, { recursive: true, force: true }),
  };
}

/** Boots the storage service against a fresh database, a private Redis prefix and the chosen backend. */
export async function startStorageTestKit(
  options: { backend?: StorageTestBackend; config?: Partial<StorageEnv>; workers?: boolean } = {},
): Promise<StorageTestKit> {
  const backend = options.backend ?? "filesystem";
  const bytes = await backendSettings(backend);
  const database = await createTestDatabase();
  const prefix = createTestRedisPrefix();
  const boot = () =>
    startTestService(createStorageService({ config: { ...bytes.settings, ...options.config } }), {
      db: database.db,
      redisKeyPrefix: prefix,
      workers: options.workers === false ? false : { leaseMs: 60_000 },
    });
  let service = await boot();
  const events = createEventTap(database, prefix);
  const people = createTestPeople(database, { issueAccessToken: (claims) => service.signer.issueAccessToken(claims) });
  const as = (user: TestPerson, organizationId?: string) => service.client({ token: user.token, organizationId });
  return {
    database,
    get service() {
      return service;
    },
    backend,
    ...people,
    apiUrl: (organizationId) => `${service.url}/orgs/${organizationId}`,
    as,
    ownerOf: (organization) => as(organization.owner, organization.id),
    takeEvents: () => events.take(),
    async restart() {
      await service.close();
      service = await boot();
    },
    async close() {
      await service.close();
      events.close();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
      await bytes.close();
    },
  };
}
