import { z } from "zod";

/** How large a free-form JSON object (metadata, a JSON Schema, provider settings) may be. */
export interface JsonObjectBounds {
  /** Its size as JSON text. */
  maxBytes: number;
  /** How deeply objects and arrays nest inside it. */
  maxDepth: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function depthOf(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof value !== "object" || value === null) return depth;
  let deepest = depth;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit, depth + 1));
  return deepest;
}

/**
 * A JSON object of any shape, bounded in size and depth: records of free-form data whose keys a
 * schema cannot list, and whose whole, not each key, needs a limit.
 */
export function jsonObjectSchema(bounds: JsonObjectBounds, label: string) {
  return z
    .custom<Record<string, unknown>>(isPlainObject, { error: `${label} must be a JSON object` })
    .superRefine((value, context) => {
      if (depthOf(value, bounds.maxDepth) > bounds.maxDepth) {
        context.addIssue({ code: "custom", message: `${label} nests more than ${bounds.maxDepth} levels deep` });
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(value);
      } catch {
        context.addIssue({ code: "custom", message: `${label} must be plain JSON` });
        return;
      }
      if (text.length > bounds.maxBytes || new TextEncoder().encode(text).length > bounds.maxBytes) {
        context.addIssue({ code: "custom", message: `${label} must be at most ${bounds.maxBytes} bytes as JSON` });
      }
    });
}
