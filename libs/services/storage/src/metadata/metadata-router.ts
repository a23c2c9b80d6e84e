import {
  describedObjectPageSchema,
  describedObjectSchema,
  objectRefSchema,
  searchFilesInputSchema,
  updateFileMetadataInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { describedObject } from "./describe-object";
import { searchFiles } from "./search-files";
import { updateFileMetadata } from "./update-file-metadata";

/** storage.metadata.*: what files are (title, description, tags, the record they belong to), and finding them by it. */
export const metadataRouter = router({
  get: permittedProcedure("storage:read")
    .input(objectRefSchema)
    .output(describedObjectSchema)
    .query(({ ctx, input }) => describedObject(ctx, input.bucket, input.path)),

  update: permittedWriteProcedure("storage:write")
    .input(updateFileMetadataInputSchema)
    .output(describedObjectSchema)
    .mutation(({ ctx, input }) => updateFileMetadata(ctx, input)),

  search: permittedProcedure("storage:read")
    .input(searchFilesInputSchema)
    .output(describedObjectPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => searchFiles(trx, ctx.organizationId, input))),
});
