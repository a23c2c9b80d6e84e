// snappyjs ships no types; these are the two functions of its documented API.
declare module "snappyjs" {
  /** Decompresses a snappy block, refusing one that declares more than `maxLength` bytes. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses bytes into one snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
