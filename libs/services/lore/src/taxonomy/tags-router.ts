import {
  createTagInputSchema,
  deletedTagSchema,
  listTagsInputSchema,
  mergedTagsSchema,
  mergeTagsInputSchema,
  tagIdInputSchema,
  tagPageSchema,
  tagSchema,
  updateTagInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";
import { createTag } from "./create-tag";
import { deleteTag } from "./delete-tag";
import { mergeTags } from "./merge-tags";
import { listTags } from "./tag-queries";
import { updateTag } from "./update-tag";

/** lore.tags.*: the organization's document tags. */
export function createTagsRouter(_runtime: LoreRuntime) {
  return router({
    create: permittedWriteProcedure("documents:update")
      .input(createTagInputSchema)
      .output(tagSchema)
      .mutation(({ ctx, input }) => createTag(ctx, input)),

    list: permittedProcedure("documents:read")
      .input(listTagsInputSchema)
      .output(tagPageSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => listTags(trx, ctx.organizationId, input))),

    update: permittedWriteProcedure("documents:update")
      .input(updateTagInputSchema)
      .output(tagSchema)
      .mutation(({ ctx, input }) => updateTag(ctx, input)),

    delete: permittedWriteProcedure("documents:delete")
      .input(tagIdInputSchema)
      .output(deletedTagSchema)
      .mutation(({ ctx, input }) => deleteTag(ctx, input.id)),

    merge: permittedWriteProcedure("documents:update")
      .input(mergeTagsInputSchema)
      .output(mergedTagsSchema)
      .mutation(({ ctx, input }) => mergeTags(ctx, input)),
  });
}
