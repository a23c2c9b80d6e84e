import type { Router } from "express";
import { z } from "zod";
import { findBucket } from "../buckets/bucket-queries";
import { StorageHttpError } from "../http-kit/storage-errors";
import { objectView } from "../objects/object-row";
import { listFolder, type FolderQuery } from "./folder-listing";
import { bodyOf, jsonBody } from "./json-body";
import { admitReader } from "./request-caller";
import { bucketAt } from "./route-target";
import type { StorageApi } from "./storage-api";
import { fileObjectOf } from "./supabase-shapes";

const lowerCase = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

/** POST /object/list/:bucket as storage-js sends it. */
const listBodySchema = z.object({
  prefix: z
    .string()
    .max(1024)
    .regex(/^[^\u0000-\u001f\u007f\\]*$/, "a prefix must not hold control characters or '\\'")
    .default(""),
  search: z.string().max(200).default(""),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  sortBy: z
    .object({
      column: z.enum(["name", "created_at", "updated_at", "last_accessed_at"]).default("name"),
      order: z.preprocess(lowerCase, z.enum(["asc", "desc"])).default("asc"),
    })
    .default({ column: "name", order: "asc" }),
});

function folderQueryOf(body: z.output<typeof listBodySchema>): FolderQuery {
  // Access times are not kept, so that order falls back to the name.
  const column = body.sortBy.column === "last_accessed_at" ? "name" : body.sortBy.column;
  return { ...body, sortBy: { column, order: body.sortBy.order } };
}

const FOLDER_FIELDS = { id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null };

/** POST /object/list/:bucket: one folder's files and sub-folders (sub-folders with `id: null`), as Supabase lists them. */
export function mountListRoute(router: Router, api: StorageApi): void {
  router.post("/object/list/:bucket", jsonBody, async (req, res) => {
    const bucketName = bucketAt(req, 2);
    const reader = await admitReader(api, req, res);
    const query = folderQueryOf(bodyOf(req, listBodySchema));
    const entries = await reader.tenant(async (trx) => {
      const bucket = await findBucket(trx, reader.organizationId, bucketName);
      if (!bucket) throw StorageHttpError.bucketNotFound();
      return listFolder(trx, bucket.id, query);
    });
    res.json(
      entries.map((entry) =>
        entry.row
          ? fileObjectOf(objectView(entry.row, bucketName), entry.name)
          : { name: entry.name, ...FOLDER_FIELDS },
      ),
    );
  });
}
