/**
 * Where an object's bytes live: under its organization, by the version written last. Every write
 * makes a new version, so a replace never touches the bytes readers may still be streaming, and
 * moving or renaming an object never moves bytes.
 */
export function bytesKey(organizationId: string, version: string): string {
  return `${organizationId}/${version}`;
}

/** The shape of every object's bytes key, naming its organization and version. */
export const OBJECT_KEY_PATTERN = /^(?<organization>[0-9a-f-]{36})\/(?<version>[0-9a-f-]{36})$/;

/** Where resumable uploads keep their parts until they complete. */
export const UPLOAD_KEY_PREFIX = "uploads/";

/** The key of one part of a resumable upload. */
export function uploadPartKey(uploadId: string, part: number): string {
  return `${UPLOAD_KEY_PREFIX}${uploadId}/${part}`;
}
