import { TRPCError } from "@trpc/server";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { respondWithHttpError } from "./error-response";
import { jsonNestsDeeperThan, MAX_INPUT_DEPTH } from "./input-shape";

/**
 * Refuses a tRPC request whose JSON (the body, read beforehand as text, or the `input` query
 * parameter) nests deeper than the limit, before anything parses it: parsing and decoding such
 * text costs seconds of CPU per megabyte, however the procedure would then judge it.
 */
export function refuseDeeplyNestedJson(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const queryStart = req.originalUrl.indexOf("?");
    const queryInput =
      queryStart === -1 ? null : new URLSearchParams(req.originalUrl.slice(queryStart + 1)).get("input");
    const tooDeep =
      (typeof body === "string" && jsonNestsDeeperThan(body, MAX_INPUT_DEPTH)) ||
      (queryInput !== null && jsonNestsDeeperThan(queryInput, MAX_INPUT_DEPTH));
    if (!tooDeep) {
      next();
      return;
    }
    const message = `JSON input may nest at most ${MAX_INPUT_DEPTH} levels deep`;
    respondWithHttpError(req, res, new TRPCError({ code: "BAD_REQUEST", message }), logger);
  };
}
