import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { spawnBenchServer } from "../spawn-bench-server";

const connectionSchema = z.object({
  endpoint: z.string().url(),
  region: z.string().min(1),
  bucket: z.string().min(1),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
});

/** The S3 emulator in a process of its own, with a client for the direct baseline. */
export interface S3BenchEmulator {
  bucket: string;
  /** A client configured as the storage service configures its own. */
  client: S3Client;
  /** The STORAGE_* settings that put the storage service on this emulator. */
  serviceSettings: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver (tools/bench/storage/s3-emulator-server.ts) on loopback, storing into a temporary folder. */
export async function startS3BenchEmulator(): Promise<S3BenchEmulator> {
  const server = await spawnBenchServer<unknown>("tools/bench/storage/s3-emulator-server.ts");
  const parsed = connectionSchema.safeParse(server.urls);
  if (!parsed.success) {
    await server.stop();
    throw new Error(`the S3 emulator announced itself unreadably: ${parsed.error.message}`);
  }
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = parsed.data;
  const client = new S3Client({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    bucket,
    client,
    serviceSettings: {
      STORAGE_BACKEND: "s3",
      STORAGE_S3_ENDPOINT: endpoint,
      STORAGE_S3_REGION: region,
      STORAGE_S3_BUCKET: bucket,
      STORAGE_S3_ACCESS_KEY_ID: accessKeyId,
      STORAGE_S3_SECRET_ACCESS_KEY: secretAccessKey,
      STORAGE_S3_FORCE_PATH_STYLE: "true",
    },
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}
