/*
 * 32-bit hashes for feature hashing. Vectors made with them are stored, so they are part of the
 * hash model's definition: the same text must give the same vector on every machine and in every
 * release. Changing anything here means a new model, never an edit of this one.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The FNV-1a hash state before any input. */
export const HASH_START = FNV_OFFSET_BASIS;

/** Continues FNV-1a over one UTF-16 code unit, fed as its two bytes, low byte first. */
export function hashCodeUnit(hash: number, codeUnit: number): number {
  hash = Math.imul(hash ^ (codeUnit & 0xff), FNV_PRIME);
  return Math.imul(hash ^ (codeUnit >>> 8), FNV_PRIME);
}

/** Continues FNV-1a over `text[start, end)`, i.e. over its UTF-16LE bytes. */
export function hashText(hash: number, text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i += 1) hash = hashCodeUnit(hash, text.charCodeAt(i));
  return hash;
}

/**
 * MurmurHash3's finalizer: spreads every input bit over every output bit. FNV-1a alone leaves
 * its low bits weakly mixed, and buckets are taken modulo the dimensions.
 */
export function mix32(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const SIGN_SEED = 0x5bd1e995;

/** Which of `dimensions` buckets a feature lands in. */
export function bucketOf(feature: number, dimensions: number): number {
  return mix32(feature) % dimensions;
}

/**
 * +1 or -1, independent of the bucket: features sharing a bucket then cancel as often as they
 * add up, so collisions add noise around zero instead of a bias.
 */
export function signOf(feature: number): 1 | -1 {
  return mix32(feature ^ SIGN_SEED) >>> 31 === 0 ? 1 : -1;
}
