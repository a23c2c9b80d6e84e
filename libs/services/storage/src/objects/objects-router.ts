import {
  checksumCheckSchema,
  createSignedUploadUrlInputSchema,
  createSignedUrlInputSchema,
  listObjectsInputSchema,
  moveObjectInputSchema,
  objectIdSchema,
  objectInfoSchema,
  objectPageSchema,
  objectRefSchema,
  removedObjectsSchema,
  removeObjectsInputSchema,
  signedUploadUrlSchema,
  signedUrlSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import type { StorageRuntime } from "../storage-runtime";
import { listObjects } from "./list-objects";
import { copyObject, moveObject } from "./move-object";
import { findObjectById } from "./object-by-id";
import { describeObject } from "./open-object";
import { removeObjects } from "./remove-objects";
import { createSignedDownloadUrl } from "./signed-download";
import { createSignedUploadUrl } from "./signed-upload";
import { verifyChecksum } from "./verify-checksum";

/** storage.objects.*: the objects of a bucket, their links and their bytes' integrity. */
export function createObjectsRouter(runtime: StorageRuntime) {
  return router({
    list: permittedProcedure("storage:read")
      .input(listObjectsInputSchema)
      .output(objectPageSchema)
      .query(({ ctx, input }) => listObjects(ctx, input)),

    info: permittedProcedure("storage:read")
      .input(objectRefSchema)
      .output(objectInfoSchema)
      .query(async ({ ctx, input }) => (await describeObject(ctx, input.bucket, input.path)).info),

    get: permittedProcedure("storage:read")
      .input(objectIdSchema)
      .output(objectInfoSchema)
      .query(async ({ ctx, input }) =>
        requireFound(
          await ctx.tenant((trx) => findObjectById(trx, ctx.organizationId, input.objectId)),
          `Object ${input.objectId} not found`,
        ),
      ),

    move: permittedWriteProcedure("storage:write")
      .input(moveObjectInputSchema)
      .output(objectInfoSchema)
      .mutation(({ ctx, input }) => moveObject(ctx, input)),

    copy: permittedWriteProcedure("storage:write")
      .input(moveObjectInputSchema)
      .output(objectInfoSchema)
      .mutation(({ ctx, input }) => copyObject(runtime, ctx, input)),

    remove: permittedWriteProcedure("storage:write")
      .input(removeObjectsInputSchema)
      .output(removedObjectsSchema)
      .mutation(({ ctx, input }) => removeObjects(runtime, ctx, input.bucket, input.paths)),

    createSignedUrl: permittedProcedure("storage:read")
      .input(createSignedUrlInputSchema)
      .output(signedUrlSchema)
      .mutation(({ ctx, input }) => createSignedDownloadUrl(runtime, ctx, input)),

    createSignedUploadUrl: permittedWriteProcedure("storage:write")
      .input(createSignedUploadUrlInputSchema)
      .output(signedUploadUrlSchema)
      .mutation(({ ctx, input }) => createSignedUploadUrl(runtime, ctx, input)),

    verifyChecksum: permittedProcedure("storage:read")
      .input(objectRefSchema)
      .output(checksumCheckSchema)
      .query(({ ctx, input }) => verifyChecksum(runtime, ctx, input.bucket, input.path)),
  });
}
