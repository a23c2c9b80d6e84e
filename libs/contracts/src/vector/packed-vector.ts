import { z } from "zod";

/** Most components a vector may have: pgvector indexes up to 4,000 dimensions (as halfvec). */
export const MAX_VECTOR_DIMENSIONS = 4_000;

const ALPHABET = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const PADDING = "=".charCodeAt(0);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*$/;
const BYTES_PER_COMPONENT = 4;

/**
 * A vector as float32 values, little-endian, in standard padded base64: about 5.3 characters per
 * component where JSON spends 10 to 20, and nothing to parse number by number. Components are
 * rounded to float32, as pgvector stores them anyway.
 */
export function packVector(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  const text = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  for (let at = 0, out = 0; at < bytes.length; at += 3, out += 4) {
    const a = bytes[at] ?? 0;
    const b = bytes[at + 1] ?? 0;
    const c = bytes[at + 2] ?? 0;
    const left = bytes.length - at;
    text[out] = ALPHABET[a >> 2]!;
    text[out + 1] = ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    text[out + 2] = left > 1 ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : PADDING;
    text[out + 3] = left > 2 ? ALPHABET[c & 63]! : PADDING;
  }
  return new TextDecoder().decode(text);
}

/** Why a packed vector cannot be read, or its components. */
export function unpackVector(text: string): { values: number[] } | { problem: string } {
  const body = text.replace(/={1,2}$/, (padding) => "A".repeat(padding.length));
  if (!BASE64.test(body)) return { problem: "a packed vector is base64 text (A-Z, a-z, 0-9, +, /, = at the end)" };
  const binary = atob(text);
  if (binary.length % BYTES_PER_COMPONENT !== 0 || binary.length === 0) {
    return { problem: "a packed vector holds whole float32 components, at least one" };
  }
  if (binary.length / BYTES_PER_COMPONENT > MAX_VECTOR_DIMENSIONS) {
    return { problem: `a vector has at most ${MAX_VECTOR_DIMENSIONS} components` };
  }
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let at = 0; at < binary.length; at += 1) view.setUint8(at, binary.charCodeAt(at));
  const values = new Array<number>(binary.length / BYTES_PER_COMPONENT);
  for (let index = 0; index < values.length; index += 1) {
    const value = view.getFloat32(index * BYTES_PER_COMPONENT, true);
    if (!Number.isFinite(value)) return { problem: `component ${index} is not a finite number` };
    values[index] = value;
  }
  return { values };
}

const packedVectorSchema = z
  .string()
  .max(Math.ceil((MAX_VECTOR_DIMENSIONS * BYTES_PER_COMPONENT) / 3) * 4, {
    message: `a vector has at most ${MAX_VECTOR_DIMENSIONS} components`,
  })
  .transform((text, ctx) => {
    const unpacked = unpackVector(text);
    if ("problem" in unpacked) {
      // Not aborting lets the union give this reason rather than its own.
      ctx.addIssue({ code: "custom", message: unpacked.problem, continue: true });
      return z.NEVER;
    }
    return unpacked.values;
  });

const numbersSchema = z.array(z.number().finite()).min(1).max(MAX_VECTOR_DIMENSIONS);

type UnionFailure = { input?: unknown; errors?: { message: string; path: PropertyKey[] }[][] };

// A union's own refusal says only "Invalid input"; the form sent tells which option's reason to give.
function reasonOfFormSent(issue: UnionFailure): string {
  const [numbers, packed] = issue.errors ?? [];
  const [first] = (typeof issue.input === "string" ? packed : numbers) ?? [];
  if (!first) return "give the vector as an array of numbers or as a packed vector (packVector)";
  return first.path.length > 0 ? `component ${String(first.path[0])}: ${first.message}` : first.message;
}

/**
 * A vector as numbers, or packed (`packVector`): the same numbers either way once parsed. Packing
 * spares the client and the service formatting and parsing hundreds of numbers per call.
 */
export const vectorInputSchema = z.union([numbersSchema, packedVectorSchema], {
  error: (issue) => (issue.code === "invalid_union" ? reasonOfFormSent(issue as UnionFailure) : undefined),
});
