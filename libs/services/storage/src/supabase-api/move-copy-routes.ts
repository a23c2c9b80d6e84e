import { bucketNameSchema, objectPathSchema, type MoveObjectInput } from "@cauldron/contracts";
import type { Request, Router } from "express";
import { z } from "zod";
import { copyObject, moveObject } from "../objects/move-object";
import { bodyOf, jsonBody } from "./json-body";
import { admitWriter } from "./request-caller";
import type { StorageApi } from "./storage-api";
import { fileObjectOf } from "./supabase-shapes";

/** POST /object/move and /object/copy as storage-js sends them. */
const moveBodySchema = z.object({
  bucketId: bucketNameSchema,
  sourceKey: objectPathSchema,
  destinationKey: objectPathSchema,
  destinationBucket: bucketNameSchema.optional(),
});

function moveInputOf(req: Request): MoveObjectInput {
  const body = bodyOf(req, moveBodySchema);
  return {
    bucket: body.bucketId,
    from: body.sourceKey,
    to: body.destinationKey,
    ...(body.destinationBucket !== undefined && { destinationBucket: body.destinationBucket }),
  };
}

/** Moving (renaming) and copying objects, within a bucket or into another of the organization's. */
export function mountMoveCopyRoutes(router: Router, api: StorageApi): void {
  router.post("/object/move", jsonBody, async (req, res) => {
    const writer = await admitWriter(api, req, res, "storage:write");
    const moved = await moveObject(writer, moveInputOf(req));
    res.json({ message: "Successfully moved", Id: moved.id, Key: moved.path });
  });

  router.post("/object/copy", jsonBody, async (req, res) => {
    const writer = await admitWriter(api, req, res, "storage:write");
    const copy = await copyObject(api.runtime, writer, moveInputOf(req));
    res.json({ Id: copy.id, Key: `${copy.bucket}/${copy.path}`, ...fileObjectOf(copy) });
  });
}
