import type { Bucket, ObjectInfo } from "@cauldron/contracts";

/** An object's ETag: its SHA-256, quoted. */
export function etagOf(checksum: string | null): string | undefined {
  return checksum === null ? undefined : `"${checksum}"`;
}

/** What Supabase lists as an object's `metadata`: the facts its download headers carry. */
export function fileMetadataOf(info: ObjectInfo) {
  return {
    eTag: etagOf(info.checksum) ?? null,
    size: info.size,
    mimetype: info.mimeType ?? "application/octet-stream",
    cacheControl: info.cacheControl ?? "no-cache",
    lastModified: info.updatedAt.toISOString(),
    contentLength: info.size,
    httpStatusCode: 200,
  };
}

/** An object as Supabase's list and remove answer it (its name relative to the listed folder for a list). */
export function fileObjectOf(info: ObjectInfo, name = info.path) {
  return {
    name,
    id: info.id,
    bucket_id: info.bucket,
    owner: info.owner,
    created_at: info.createdAt.toISOString(),
    updated_at: info.updatedAt.toISOString(),
    last_accessed_at: null,
    metadata: fileMetadataOf(info),
    user_metadata: info.metadata,
  };
}

/** An object as GET /object/info answers it (storage-js turns the keys to camelCase). */
export function objectInfoOf(info: ObjectInfo, version: string) {
  return {
    id: info.id,
    version,
    name: info.path,
    bucket_id: info.bucket,
    size: info.size,
    content_type: info.mimeType ?? "application/octet-stream",
    cache_control: info.cacheControl ?? "no-cache",
    etag: etagOf(info.checksum) ?? null,
    metadata: info.metadata,
    last_modified: info.updatedAt.toISOString(),
    created_at: info.createdAt.toISOString(),
    updated_at: info.updatedAt.toISOString(),
  };
}

/** A bucket as Supabase answers it; its name is its id. */
export function bucketOf(bucket: Bucket) {
  return {
    id: bucket.id,
    name: bucket.name,
    owner: bucket.owner,
    public: bucket.public,
    type: "STANDARD",
    file_size_limit: bucket.fileSizeLimit,
    allowed_mime_types: bucket.allowedMimeTypes,
    created_at: bucket.createdAt.toISOString(),
    updated_at: bucket.updatedAt.toISOString(),
  };
}
