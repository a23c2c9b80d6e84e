import { z } from "zod";

/** One key that signs or verifies links: its id travels in every token it signs. */
export interface SigningKey {
  id: string;
  secret: string;
}

/** The keys for signed links: `current` signs, it and every `previous` one verify, so keys rotate without breaking links. */
export interface SigningKeyRing {
  current: SigningKey;
  previous: SigningKey[];
}

const signingKeySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "a key id is 1 to 32 letters, digits, _ or -"),
  secret: z.string().min(32, "a secret is at least 32 characters"),
});

function entriesOf(value: string): { id: string; secret: string }[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const colon = entry.indexOf(":");
      return colon === -1 ? { id: entry, secret: "" } : { id: entry.slice(0, colon), secret: entry.slice(colon + 1) };
    });
}

/**
 * A key ring written `id:secret,id:secret`, newest first. Issue messages name the entry but never
 * echo a secret, so a refused value can be logged.
 */
export const signingKeyRingSchema = z
  .string()
  .transform(entriesOf)
  .pipe(
    z
      .array(signingKeySchema)
      .min(1, "name at least one key as id:secret")
      .refine((keys) => new Set(keys.map((key) => key.id)).size === keys.length, "key ids must be distinct"),
  )
  .transform(([current, ...previous]): SigningKeyRing => ({ current: current!, previous }));

/** Reads a key ring from its `id:secret,id:secret` form; throws naming what is wrong (never a secret). */
export function parseSigningKeyRing(value: string): SigningKeyRing {
  const parsed = signingKeyRingSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`signing keys are not valid: ${z.prettifyError(parsed.error)}`);
}

/** The key of the ring with this id, if any. */
export function signingKeyById(ring: SigningKeyRing, id: string): SigningKey | undefined {
  return ring.current.id === id ? ring.current : ring.previous.find((key) => key.id === id);
}
