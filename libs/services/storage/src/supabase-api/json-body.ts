import express, { type Request } from "express";
import type { z } from "zod";
import { StorageHttpError } from "../http-kit/storage-errors";

/** Parses JSON request bodies of the API's JSON routes (never of uploads, whose bytes may well be JSON). */
export const jsonBody = express.json({ limit: "2mb" });

/** A JSON body (or an empty one) checked against `schema`; refused with InvalidRequest naming each bad field. */
export function bodyOf<T>(req: Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  throw StorageHttpError.invalidRequest(`Invalid request body: ${problems.join("; ")}`);
}
