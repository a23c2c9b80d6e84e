export { createStorageRouter, createStorageService, storageService, type StorageRouter } from "./storage-service";
export type { StorageServiceOptions } from "./storage-service";
