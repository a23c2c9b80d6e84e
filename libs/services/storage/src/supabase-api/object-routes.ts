import { objectPathSchema } from "@cauldron/contracts";
import type { Request, Response, Router } from "express";
import { z } from "zod";
import { StorageHttpError } from "../http-kit/storage-errors";
import { describeObject } from "../objects/open-object";
import { removeObjects } from "../objects/remove-objects";
import { bodyOf, jsonBody } from "./json-body";
import { admitReader, admitWriter } from "./request-caller";
import { bucketAt, downloadParam, objectAt } from "./route-target";
import { sendObject } from "./send-object";
import type { StorageApi } from "./storage-api";
import { fileObjectOf, objectInfoOf } from "./supabase-shapes";

const removeBodySchema = z.object({ prefixes: z.array(objectPathSchema).min(1).max(1000) });

/** Authenticated reads and removals of objects: download, info, delete one, delete many. */
export function mountObjectRoutes(router: Router, api: StorageApi): void {
  const info = (bucketIndex: number) => async (req: Request, res: Response) => {
    const target = objectAt(req, bucketIndex);
    const reader = await admitReader(api, req, res);
    const { info: object, row } = await describeObject(reader, target.bucket, target.path);
    res.json(objectInfoOf(object, row.version));
  };
  router.get("/object/info/authenticated/:bucket/*path", info(3));
  router.get("/object/info/:bucket/*path", info(2));

  const download = (bucketIndex: number) => async (req: Request, res: Response) => {
    const target = objectAt(req, bucketIndex);
    const options = { download: downloadParam(req) };
    const reader = await admitReader(api, req, res);
    const { row } = await describeObject(reader, target.bucket, target.path);
    await sendObject(api.runtime, req, res, row, options);
  };
  router.get("/object/authenticated/:bucket/*path", download(2));
  router.get("/object/:bucket/*path", download(1));

  router.delete("/object/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 1);
    const writer = await admitWriter(api, req, res, "storage:write");
    const removed = await removeObjects(api.runtime, writer, target.bucket, [target.path]);
    if (removed.length === 0) throw StorageHttpError.objectNotFound();
    res.json({ message: "Successfully deleted" });
  });

  router.delete("/object/:bucket", jsonBody, async (req, res) => {
    const bucket = bucketAt(req, 1);
    const writer = await admitWriter(api, req, res, "storage:write");
    const { prefixes } = bodyOf(req, removeBodySchema);
    const removed = await removeObjects(api.runtime, writer, bucket, prefixes);
    res.json(removed.map((object) => fileObjectOf(object)));
  });
}
