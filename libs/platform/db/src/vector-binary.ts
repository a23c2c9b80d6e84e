// pgvector's binary form: the dimension count and a reserved zero (int16 each), then float4 components, big-endian.
const HEADER_BYTES = 4;
const MAX_DIMENSIONS = 16_000;

/**
 * Encodes numbers as pgvector's binary form, for a parameter cast to `vector`: pg sends a Buffer
 * in binary format, so neither side formats or parses decimal text. Components are rounded to
 * float4, as pgvector stores them whichever form they arrive in.
 */
export function toVectorBinary(values: readonly number[]): Buffer {
  if (values.length > MAX_DIMENSIONS) throw new RangeError(`vectors hold at most ${MAX_DIMENSIONS} components`);
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + 4 * values.length);
  buffer.writeInt16BE(values.length, 0);
  buffer.writeInt16BE(0, 2);
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!;
    if (!Number.isFinite(value)) throw new RangeError(`vector components must be finite numbers, got ${value}`);
    buffer.writeFloatBE(value, HEADER_BYTES + 4 * index);
  }
  return buffer;
}
