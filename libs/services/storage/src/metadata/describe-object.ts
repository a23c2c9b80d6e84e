import type { FileMetadata, ObjectInfo } from "@cauldron/contracts";
import { describeObject } from "../objects/open-object";
import type { StorageReader } from "../objects/storage-caller";
import { fileMetadataView, findFileMetadata } from "./file-metadata-queries";

/** An object with its description, as the caller may see them. */
export async function describedObject(
  caller: StorageReader,
  bucketName: string,
  path: string,
): Promise<ObjectInfo & { details: FileMetadata }> {
  const { info } = await describeObject(caller, bucketName, path);
  const row = await caller.tenant((trx) => findFileMetadata(trx, info.id));
  return { ...info, details: fileMetadataView(row) };
}
