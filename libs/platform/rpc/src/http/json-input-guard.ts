import { TRPCError } from "@trpc/server";
import { jsonNestsDeeperThan, MAX_INPUT_DEPTH } from "./input-shape";

/**
 * Refuses a tRPC request whose JSON (the body, read beforehand as text, or the `input` query
 * parameter) nests deeper than the limit, before anything parses it: parsing and decoding such
 * text costs seconds of CPU per megabyte, however the procedure would then judge it.
 */
export function deeplyNestedJsonError(body: string | undefined, requestTarget: string): TRPCError | null {
  const queryStart = requestTarget.indexOf("?");
  const queryInput = queryStart === -1 ? null : new URLSearchParams(requestTarget.slice(queryStart + 1)).get("input");
  const tooDeep =
    (body !== undefined && jsonNestsDeeperThan(body, MAX_INPUT_DEPTH)) ||
    (queryInput !== null && jsonNestsDeeperThan(queryInput, MAX_INPUT_DEPTH));
  if (!tooDeep) return null;
  return new TRPCError({ code: "BAD_REQUEST", message: `JSON input may nest at most ${MAX_INPUT_DEPTH} levels deep` });
}
