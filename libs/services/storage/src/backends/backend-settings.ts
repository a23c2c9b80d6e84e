import { resolve } from "node:path";
import { z } from "zod";
import { createFilesystemStore } from "./filesystem-store";
import type { ObjectBytesStore } from "./object-bytes-store";
import { createS3Store } from "./s3-store";

const S3_REQUIRED = ["STORAGE_S3_BUCKET", "STORAGE_S3_ACCESS_KEY_ID", "STORAGE_S3_SECRET_ACCESS_KEY"] as const;

/** Where the storage service keeps object bytes: a local folder, or a bucket of any S3-compatible store. */
export const storageBackendEnvSchema = z
  .object({
    STORAGE_BACKEND: z.enum(["filesystem", "s3"]).default("filesystem"),
    /** The filesystem backend's root folder; a relative path is taken from the working directory. */
    STORAGE_DATA_DIR: z.string().min(1).default(".data/storage"),
    /** Unset means AWS S3 itself; set it for MinIO, Ceph, R2 and other S3-compatible stores. */
    STORAGE_S3_ENDPOINT: z
      .string()
      .url("must be a URL such as http://minio:9000")
      .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
      .optional(),
    STORAGE_S3_REGION: z.string().min(1).default("us-east-1"),
    STORAGE_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name: 3-63 of a-z, 0-9, '.', '-'")
      .optional(),
    STORAGE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    STORAGE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which most self-hosted stores need. */
    STORAGE_S3_FORCE_PATH_STYLE: z.stringbool({ error: "must be true or false" }).default(true),
  })
  .superRefine((env, context) => {
    if (env.STORAGE_BACKEND !== "s3") return;
    for (const variable of S3_REQUIRED.filter((name) => env[name] === undefined)) {
      context.addIssue({ code: "custom", message: "is required when STORAGE_BACKEND=s3", path: [variable] });
    }
  });

export type StorageBackendSettings = z.output<typeof storageBackendEnvSchema>;

/** The bytes store the settings describe, ready to use: an S3 bucket is created when missing. */
export async function createObjectBytesStore(settings: StorageBackendSettings): Promise<ObjectBytesStore> {
  if (settings.STORAGE_BACKEND === "filesystem") return createFilesystemStore(resolve(settings.STORAGE_DATA_DIR));
  const { STORAGE_S3_BUCKET: bucket, STORAGE_S3_ACCESS_KEY_ID: accessKeyId } = settings;
  const secretAccessKey = settings.STORAGE_S3_SECRET_ACCESS_KEY;
  if (bucket === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(`${S3_REQUIRED.join(", ")} are required when STORAGE_BACKEND=s3`);
  }
  const store = createS3Store({
    endpoint: settings.STORAGE_S3_ENDPOINT,
    region: settings.STORAGE_S3_REGION,
    bucket,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: settings.STORAGE_S3_FORCE_PATH_STYLE,
  });
  try {
    await store.ensureBucket();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
