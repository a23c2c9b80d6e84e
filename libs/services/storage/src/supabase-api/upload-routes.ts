import type { Request, Response, Router } from "express";
import { uploadObject } from "../objects/upload-object";
import { admitWriter } from "./request-caller";
import { objectAt } from "./route-target";
import type { StorageApi } from "./storage-api";
import { uploadBodyOf } from "./upload-body";

/**
 * POST /object/:bucket/*path creates an object (replacing one only with `x-upsert: true`), PUT
 * replaces or creates it; the body is streamed, raw or as the file part of a form.
 */
export function mountUploadRoutes(router: Router, api: StorageApi): void {
  const upload = (replaces: "always" | "when-asked") => async (req: Request, res: Response) => {
    const target = objectAt(req, 1);
    const writer = await admitWriter(api, req, res, "storage:write");
    const upsert = replaces === "always" || req.headers["x-upsert"] === "true";
    const info = await uploadObject(api.runtime, writer, { ...target, ...(await uploadBodyOf(req)), upsert });
    res.json({ Id: info.id, Key: `${target.bucket}/${target.path}` });
  };
  router.post("/object/:bucket/*path", upload("when-asked"));
  router.put("/object/:bucket/*path", upload("always"));
}
