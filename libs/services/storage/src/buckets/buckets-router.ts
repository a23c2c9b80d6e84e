import {
  bucketListSchema,
  bucketRefSchema,
  bucketSchema,
  createBucketInputSchema,
  deletedBucketSchema,
  emptiedBucketSchema,
  listBucketsInputSchema,
  updateBucketInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import type { StorageRuntime } from "../storage-runtime";
import { findBucket, listBuckets } from "./bucket-queries";
import { bucketNotFound } from "./bucket-refusals";
import { bucketView } from "./bucket-row";
import { createBucket, deleteBucket, updateBucket } from "./bucket-writes";
import { emptyBucket } from "./empty-bucket";

/** storage.buckets.*: the organization's buckets and their settings. */
export function createBucketsRouter(runtime: StorageRuntime) {
  return router({
    create: permittedWriteProcedure("storage:manage")
      .input(createBucketInputSchema)
      .output(bucketSchema)
      .mutation(({ ctx, input }) => createBucket(ctx, input)),

    get: permittedProcedure("storage:read")
      .input(bucketRefSchema)
      .output(bucketSchema)
      .query(async ({ ctx, input }) => {
        const row = await ctx.tenant((trx) => findBucket(trx, ctx.organizationId, input.name));
        if (!row) throw bucketNotFound(input.name);
        return bucketView(row);
      }),

    list: permittedProcedure("storage:read")
      .input(listBucketsInputSchema)
      .output(bucketListSchema)
      .query(async ({ ctx, input }) =>
        (await ctx.tenant((trx) => listBuckets(trx, ctx.organizationId, input))).map(bucketView),
      ),

    update: permittedWriteProcedure("storage:manage")
      .input(updateBucketInputSchema)
      .output(bucketSchema)
      .mutation(({ ctx, input }) => updateBucket(ctx, input)),

    delete: permittedWriteProcedure("storage:manage")
      .input(bucketRefSchema)
      .output(deletedBucketSchema)
      .mutation(async ({ ctx, input }) => {
        await deleteBucket(ctx, input.name);
        return { name: input.name };
      }),

    empty: permittedWriteProcedure("storage:manage")
      .input(bucketRefSchema)
      .output(emptiedBucketSchema)
      .mutation(async ({ ctx, input }) => ({
        name: input.name,
        removedObjects: await emptyBucket(runtime, ctx, input.name),
      })),
  });
}
