import { ConfigError, loadConfig } from "@cauldron/config";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startS3Emulator } from "../testing/s3-emulator";
import { createObjectBytesStore, storageBackendEnvSchema } from "./backend-settings";
import { bodyOf, readAll } from "./contract-bodies";

const load = (env: Record<string, string>) => loadConfig(storageBackendEnvSchema, env);

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((issue) => [issue.variable, issue.message]));
  }
  return {};
}

describe("storage backend settings", () => {
  it("defaults to the filesystem under .data/storage, with S3 defaults ready", () => {
    expect(load({})).toEqual({
      STORAGE_BACKEND: "filesystem",
      STORAGE_DATA_DIR: ".data/storage",
      STORAGE_S3_REGION: "us-east-1",
      STORAGE_S3_FORCE_PATH_STYLE: true,
    });
  });

  it("names each setting S3 needs and lacks", () => {
    expect(problemsOf({ STORAGE_BACKEND: "s3", STORAGE_S3_BUCKET: "objects" })).toEqual({
      STORAGE_S3_ACCESS_KEY_ID: "is required when STORAGE_BACKEND=s3",
      STORAGE_S3_SECRET_ACCESS_KEY: "is required when STORAGE_BACKEND=s3",
    });
  });

  it("reads booleans from words and refuses bad values", () => {
    expect(load({ STORAGE_S3_FORCE_PATH_STYLE: "false" }).STORAGE_S3_FORCE_PATH_STYLE).toBe(false);
    expect(Object.keys(problemsOf({ STORAGE_S3_FORCE_PATH_STYLE: "perhaps" }))).toEqual([
      "STORAGE_S3_FORCE_PATH_STYLE",
    ]);
    expect(Object.keys(problemsOf({ STORAGE_BACKEND: "tape" }))).toEqual(["STORAGE_BACKEND"]);
    expect(Object.keys(problemsOf({ STORAGE_S3_ENDPOINT: "ftp://store" }))).toEqual(["STORAGE_S3_ENDPOINT"]);
    expect(Object.keys(problemsOf({ STORAGE_S3_BUCKET: "Not_A_Bucket" }))).toEqual(["STORAGE_S3_BUCKET"]);
  });

  it("opens a filesystem store at the data folder", async () => {
    const root = await mkdtemp(join(tmpdir(), "cauldron-settings-"));
    try {
      const store = await createObjectBytesStore(load({ STORAGE_DATA_DIR: join(root, "bytes") }));
      expect(store.kind).toBe("filesystem");
      await store.write("org/bucket/object/v1", bodyOf("local"));
      expect((await readAll(await store.read("org/bucket/object/v1"))).toString()).toBe("local");
      await store.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("opens an S3 store, creating its bucket", async () => {
    const emulator = await startS3Emulator();
    try {
      const store = await createObjectBytesStore(
        load({
          STORAGE_BACKEND: "s3",
          STORAGE_S3_ENDPOINT: emulator.endpoint,
          STORAGE_S3_BUCKET: "made-by-settings",
          STORAGE_S3_ACCESS_KEY_ID: emulator.accessKeyId,
          STORAGE_S3_SECRET_ACCESS_KEY: emulator.secretAccessKey,
        }),
      );
      expect(store.kind).toBe("s3");
      await store.write("org/bucket/object/v1", bodyOf("remote"));
      expect((await readAll(await store.read("org/bucket/object/v1"))).toString()).toBe("remote");
      await store.close();
    } finally {
      await emulator.close();
    }
  });
});
