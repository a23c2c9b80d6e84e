import { z } from "zod";

/**
 * An http:// or https:// URL, as for an image a browser loads: clients render these, so
 * javascript:, data: and other schemes are refused rather than stored.
 */
export function webUrlSchema(message: string, maxLength: number) {
  return z
    .url({ protocol: /^https?$/, error: message })
    .trim()
    .max(maxLength);
}
