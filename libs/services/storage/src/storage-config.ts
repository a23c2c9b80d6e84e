import { loadConfig } from "@cauldron/config";
import { z } from "zod";
import { storageBackendEnvSchema } from "./backends/backend-settings";

const GIB = 1024 ** 3;

/** The storage service's own settings, beside the platform's and its byte backend's. */
export const storageEnvSchema = z.object({
  /**
   * The address clients reach this service at (behind the ingress too); signed links and upload
   * locations start with it. Unset, they start with the address each request came to.
   */
  STORAGE_PUBLIC_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
    .optional(),
  /**
   * Keys that sign download and upload links, newest first (`id:secret,id:secret`, secrets of 32
   * characters or more): the first signs, every one verifies, so a key can be rotated out slowly.
   * Required in production; elsewhere a fixed development key is used.
   */
  STORAGE_SIGNING_KEYS: z.string().min(1).optional(),
  /** Largest object the platform takes in bytes, whatever a bucket allows. */
  STORAGE_MAX_FILE_SIZE: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * GIB),
  /** How long an unfinished resumable upload is kept, in hours. */
  STORAGE_UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** How often rows and bytes are compared; orphaned bytes go after staying orphaned this long, in milliseconds. */
  STORAGE_RECONCILE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(60 * 60_000),
});

export type StorageEnv = z.output<typeof storageEnvSchema> & z.output<typeof storageBackendEnvSchema>;

/** Reads the storage service's settings from the environment, failing loudly on a bad value. */
export function loadStorageConfig(environment: Record<string, string | undefined> = process.env): StorageEnv {
  return { ...loadConfig(storageEnvSchema, environment), ...loadConfig(storageBackendEnvSchema, environment) };
}
