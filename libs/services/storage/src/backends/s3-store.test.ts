import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Emulator, type S3Emulator } from "../testing/s3-emulator";
import { bodyOf, readAll } from "./contract-bodies";
import { describeObjectBytesStoreContract } from "./object-bytes-store.contract";
import { createS3Store } from "./s3-store";

const storeOn = (emulator: S3Emulator, bucket = emulator.bucket) =>
  createS3Store({
    endpoint: emulator.endpoint,
    region: emulator.region,
    bucket,
    credentials: { accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey },
    forcePathStyle: true,
  });

describeObjectBytesStoreContract("s3", async () => {
  const emulator = await startS3Emulator();
  const store = storeOn(emulator);
  return {
    store,
    close: async () => {
      await store.close();
      await emulator.close();
    },
  };
});

describe("s3 bytes store bucket", () => {
  let emulator: S3Emulator;
  beforeAll(async () => {
    emulator = await startS3Emulator();
  });
  afterAll(() => emulator.close());

  it("creates a missing bucket on ensureBucket, and a second call changes nothing", async () => {
    const store = storeOn(emulator, `fresh-${randomUUID()}`);
    try {
      await expect(store.write("org/bucket/object/v1", bodyOf("x"))).rejects.toThrow();
      await store.ensureBucket();
      await store.write("org/bucket/object/v1", bodyOf("kept"));
      await store.ensureBucket();
      expect((await readAll(await store.read("org/bucket/object/v1"))).toString()).toBe("kept");
    } finally {
      await store.close();
    }
  });
});
