import { conflict, invalidFields, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { MetadataSchemaError } from "./metadata-schema";

/** NOT_FOUND's message for a collection id that is not in the active organization. */
export const COLLECTION_NOT_FOUND = "Collection not found in this organization";

/** The CONFLICT (reason `name_taken`) for a collection name the organization uses already. */
export function collectionNameTaken(name: string): RefusalError {
  return conflict("name_taken", `A collection named "${name}" already exists in this organization; choose another`);
}

/** BAD_REQUEST on the `metadataSchema` field for a schema that does not compile. */
export function invalidMetadataSchema(error: MetadataSchemaError): TRPCError {
  return invalidFields([{ path: ["metadataSchema"], message: error.message }]);
}

/** The refusal of writes to a collection whose stored schema no longer compiles; updating the schema fixes it. */
export function unusableMetadataSchema(error: MetadataSchemaError): TRPCError {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message: `This collection's ${error.message}; update the collection's metadataSchema first`,
  });
}

/** BAD_REQUEST for a call naming a collection and a model the collection does not use. */
export function collectionModelMismatch(collectionModelId: string): TRPCError {
  return new TRPCError({
    code: "BAD_REQUEST",
    message: `This collection uses model ${collectionModelId}; leave modelId out or name that model`,
  });
}
