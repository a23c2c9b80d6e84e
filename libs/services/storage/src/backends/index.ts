export { createObjectBytesStore, storageBackendEnvSchema, type StorageBackendSettings } from "./backend-settings";
export { BytesMissingError, BytesTooLargeError, InvalidBytesKeyError, UnsatisfiableRangeError } from "./bytes-errors";
export { assertBytesKey, MAX_BYTES_KEY_LENGTH } from "./bytes-key";
export { createFilesystemStore, type FilesystemObjectBytesStore } from "./filesystem-store";
export type { ByteRange, ListedBytes, ObjectBytesStore, StoredBytes, WriteOptions } from "./object-bytes-store";
export type { S3Connection } from "./s3-connection";
export { createS3Store, type S3ObjectBytesStore, type S3StoreOptions } from "./s3-store";
