import type { AnyTRPCRouter } from "@trpc/server";
import type { ProcedureMeta } from "../permissions/procedure-scope";
import { parseByteSize } from "./body-limit";

/** The body limit a procedure states with `.meta({ bodyLimit })`, in bytes; undefined when it states none. */
export function procedureBodyLimit(router: AnyTRPCRouter, path: string): number | undefined {
  const procedures = router._def.procedures as Record<string, { _def?: { meta?: ProcedureMeta } } | undefined>;
  const stated = Object.hasOwn(procedures, path) ? procedures[path]?._def?.meta?.bodyLimit : undefined;
  return stated === undefined ? undefined : parseByteSize(stated);
}

/** The body limits of one router, read once: what a request naming some calls may send. */
export interface BodyLimits {
  /** The largest limit among the calls; calls stating none (or naming no procedure) count as the default. */
  forCalls(calls: readonly string[]): number;
  /** The largest limit any request to this router may get. */
  largest: number;
}

/**
 * Reads every procedure's stated body limit once (a malformed one fails at startup, not on a
 * request), so the check before a body is read costs a map lookup per call.
 */
export function createBodyLimits(router: AnyTRPCRouter, defaultBytes: number): BodyLimits {
  const stated = new Map<string, number>();
  for (const path of Object.keys(router._def.procedures as Record<string, unknown>)) {
    const limit = procedureBodyLimit(router, path);
    if (limit !== undefined) stated.set(path, limit);
  }
  const largest = Math.max(defaultBytes, ...stated.values());
  return {
    largest,
    forCalls: (calls) => {
      if (stated.size === 0 || calls.length === 0) return defaultBytes;
      let limit = 0;
      for (const call of calls) limit = Math.max(limit, stated.get(call) ?? defaultBytes);
      return limit;
    },
  };
}
