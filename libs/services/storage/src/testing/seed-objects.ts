import type { ObjectInfo } from "@cauldron/contracts";
import type { TestPerson } from "@cauldron/testing";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createObjectBytesStore, type StorageBackendSettings } from "../backends/backend-settings";
import type { ObjectBytesStore } from "../backends/object-bytes-store";
import type { StorageEnv } from "../storage-config";
import { startS3Emulator } from "./s3-emulator";
import { startStorageTestKit, type StorageTestBackend, type StorageTestKit } from "./storage-test-kit";

/** An object to put in place for a test, as a client would upload it. */
export interface SeedObject {
  bucket: string;
  path: string;
  body: string | Uint8Array;
  contentType?: string;
  upsert?: boolean;
}

/** What the upload answered when it was refused: the HTTP status and Supabase's error body. */
export class SeedRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`the upload was refused with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "SeedRefused";
  }
}

function encodedPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Uploads an object as `person` through the Supabase-compatible API (POST /object/<bucket>/<path>),
 * then answers it as the typed client describes it. A refused upload throws SeedRefused.
 */
export async function seedObject(
  kit: StorageTestKit,
  person: TestPerson,
  organizationId: string,
  object: SeedObject,
): Promise<ObjectInfo> {
  const response = await fetch(`${kit.apiUrl(organizationId)}/object/${object.bucket}/${encodedPath(object.path)}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${person.token}`,
      "content-type": object.contentType ?? "text/plain",
      ...(object.upsert && { "x-upsert": "true" }),
    },
    body: typeof object.body === "string" ? object.body : Buffer.from(object.body),
  });
  if (!response.ok) throw new SeedRefused(response.status, await response.json().catch(() => null));
  await response.body?.cancel();
  return kit.as(person, organizationId).storage.objects.info.query({ bucket: object.bucket, path: object.path });
}

/** Uploads several objects one after the other, answering them in order. */
export async function seedObjects(
  kit: StorageTestKit,
  person: TestPerson,
  organizationId: string,
  objects: readonly SeedObject[],
): Promise<ObjectInfo[]> {
  const seeded: ObjectInfo[] = [];
  for (const object of objects) seeded.push(await seedObject(kit, person, organizationId, object));
  return seeded;
}

/** A storage kit whose byte backend the test can look into, to see which bytes are stored. */
export interface ObservedStorageKit {
  kit: StorageTestKit;
  /** A second client of the backend the service stores into. */
  bytes: ObjectBytesStore;
  /** The bytes keys stored for the organization (`<organization>/<version>`), sorted. */
  storedKeys(organizationId: string): Promise<string[]>;
  close(): Promise<void>;
}

async function observedBackend(
  backend: StorageTestBackend,
): Promise<{ settings: StorageBackendSettings; close(): Promise<void> }> {
  const common = { STORAGE_S3_REGION: "us-east-1", STORAGE_S3_FORCE_PATH_STYLE: true };
  if (backend === "filesystem") {
    const folder = await mkdtemp(path.join(tmpdir(), "cauldron-observed-"));
    return {
      settings: { ...common, STORAGE_BACKEND: "filesystem", STORAGE_DATA_DIR: folder },
      close: () => rm(folder, { recursive: true, force: true }),
    };
  }
  const emulator = await startS3Emulator("observed-bytes");
  return {
    settings: {
      ...common,
      STORAGE_BACKEND: "s3",
      STORAGE_DATA_DIR: ".data/storage",
      STORAGE_S3_ENDPOINT: emulator.endpoint,
      STORAGE_S3_BUCKET: emulator.bucket,
      STORAGE_S3_ACCESS_KEY_ID: emulator.accessKeyId,
      STORAGE_S3_SECRET_ACCESS_KEY: emulator.secretAccessKey,
    },
    close: () => emulator.close(),
  };
}

/** Boots the storage kit on a backend of the test's own, which the test reads through a second client. */
export async function startObservedStorageKit(
  backend: StorageTestBackend,
  config: Partial<StorageEnv> = {},
): Promise<ObservedStorageKit> {
  const observed = await observedBackend(backend);
  const kit = await startStorageTestKit({ backend, workers: false, config: { ...observed.settings, ...config } });
  const store = await createObjectBytesStore(observed.settings);
  return {
    kit,
    bytes: store,
    async storedKeys(organizationId) {
      const keys: string[] = [];
      for await (const listed of store.list(`${organizationId}/`)) keys.push(listed.key);
      return keys.sort();
    },
    async close() {
      await kit.close();
      await store.close();
      await observed.close();
    },
  };
}
