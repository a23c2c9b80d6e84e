import type { Request, Router } from "express";
import { z } from "zod";
import { findBucket, listBuckets } from "../buckets/bucket-queries";
import { bucketView } from "../buckets/bucket-row";
import { createBucket, deleteBucket, updateBucket } from "../buckets/bucket-writes";
import { emptyBucket } from "../buckets/empty-bucket";
import { StorageHttpError } from "../http-kit/storage-errors";
import {
  createBucketBodySchema,
  createBucketInputOf,
  updateBucketBodySchema,
  updateBucketInputOf,
} from "./bucket-bodies";
import { bodyOf, jsonBody } from "./json-body";
import { admitReader, admitWriter } from "./request-caller";
import { bucketAt, queryValue } from "./route-target";
import { bucketOf } from "./supabase-shapes";
import type { StorageApi } from "./storage-api";

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  search: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((search) => search || undefined),
  // Buckets are listed by name; a bucket's id is its name, so either column gives that order.
  sortColumn: z.enum(["id", "name"], "buckets are listed by name only").optional(),
  sortOrder: z.enum(["asc"], "buckets are listed in ascending order only").optional(),
});

function listQueryOf(req: Request) {
  const keys = ["limit", "offset", "search", "sortColumn", "sortOrder"] as const;
  const parsed = listQuerySchema.safeParse(Object.fromEntries(keys.map((key) => [key, queryValue(req, key)])));
  if (!parsed.success) {
    throw StorageHttpError.invalidRequest(parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  return { limit: parsed.data.limit, offset: parsed.data.offset, search: parsed.data.search };
}

/** GET/POST /bucket, GET/PUT/DELETE /bucket/:id and POST /bucket/:id/empty, as Supabase Storage answers them. */
export function mountBucketRoutes(router: Router, api: StorageApi): void {
  router.get("/bucket", async (req, res) => {
    const query = listQueryOf(req);
    const reader = await admitReader(api, req, res);
    const rows = await reader.tenant((trx) => listBuckets(trx, reader.organizationId, query));
    res.json(rows.map((row) => bucketOf(bucketView(row))));
  });

  router.post("/bucket", jsonBody, async (req, res) => {
    const writer = await admitWriter(api, req, res, "storage:manage");
    const bucket = await createBucket(writer, createBucketInputOf(bodyOf(req, createBucketBodySchema)));
    res.json({ name: bucket.name });
  });

  router.get("/bucket/:id", async (req, res) => {
    const name = bucketAt(req, 1);
    const reader = await admitReader(api, req, res);
    const row = await reader.tenant((trx) => findBucket(trx, reader.organizationId, name));
    if (!row) throw StorageHttpError.bucketNotFound();
    res.json(bucketOf(bucketView(row)));
  });

  router.put("/bucket/:id", jsonBody, async (req, res) => {
    const name = bucketAt(req, 1);
    const writer = await admitWriter(api, req, res, "storage:manage");
    await updateBucket(writer, updateBucketInputOf(name, bodyOf(req, updateBucketBodySchema)));
    res.json({ message: "Successfully updated" });
  });

  router.delete("/bucket/:id", jsonBody, async (req, res) => {
    const name = bucketAt(req, 1);
    await deleteBucket(await admitWriter(api, req, res, "storage:manage"), name);
    res.json({ message: "Successfully deleted" });
  });

  router.post("/bucket/:id/empty", jsonBody, async (req, res) => {
    const name = bucketAt(req, 1);
    await emptyBucket(api.runtime, await admitWriter(api, req, res, "storage:manage"), name);
    res.json({ message: "Successfully emptied" });
  });
}
