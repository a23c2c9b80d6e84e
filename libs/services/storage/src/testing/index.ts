export { startS3Emulator, type S3Emulator } from "./s3-emulator";
export { startStorageTestKit, type StorageTestBackend, type StorageTestKit } from "./storage-test-kit";
export { storageSweepFixture } from "./storage-sweep-fixture";
