export { createStorageRouter, storageService, type StorageRouter } from "./storage-service";
