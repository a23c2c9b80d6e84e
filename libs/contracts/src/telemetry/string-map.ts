import { z } from "zod";

function isBoundedStringMap(value: unknown, maxEntries: number): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= maxEntries &&
    entries.every(
      ([key, text]) => key.length >= 1 && key.length <= 128 && typeof text === "string" && text.length <= 1_024,
    )
  );
}

/**
 * A small map of strings (dimension filters, alert labels) checked whole, with the bound on its
 * keys that z.record cannot state: at most `maxEntries` keys of 1 to 128 characters, values of at
 * most 1,024.
 */
export function boundedStringMapSchema(field: string, maxEntries: number) {
  return z.custom<Record<string, string>>((value) => isBoundedStringMap(value, maxEntries), {
    error: `${field} is an object of at most ${maxEntries} strings, keys of 1 to 128 characters and values of at most 1024`,
  });
}
