import { ProtocolDecodeError, type IngestProtocol } from "./protocol-decode-error";

/** Protobuf wire types this reader understands; groups (3, 4) are long deprecated and refused. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** The key in front of every field: its number in the message and how its value is encoded. */
export interface FieldTag {
  field: number;
  wireType: number;
}

const MAX_VARINT_BYTES = 10;
const MAX_FIELD_NUMBER = 2 ** 29 - 1;
const MAX_NESTING = 64;
const utf8 = new TextDecoder("utf-8");

/** The double whose IEEE 754 bits are `bits`. */
export function float64FromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits, true);
  return view.getFloat64(0, true);
}

/**
 * Reads protobuf wire format within bounds: every length is checked against the bytes left, varints
 * stop at ten bytes and nesting at a fixed depth, so no input costs more than one pass or throws
 * anything but a ProtocolDecodeError naming the byte where reading stopped.
 */
export class ProtobufReader {
  private pos: number;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly protocol: IngestProtocol,
    start: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    this.pos = start;
  }

  /** A reader over a whole message; errors name `protocol`. */
  static of(bytes: Uint8Array, protocol: IngestProtocol): ProtobufReader {
    return new ProtobufReader(bytes, protocol, 0, bytes.length, 0);
  }

  hasMore(): boolean {
    return this.pos < this.end;
  }

  readTag(): FieldTag {
    const at = this.pos;
    const key = this.readVarint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field < 1 || field > MAX_FIELD_NUMBER) this.fail(`invalid field number ${field}`, at);
    if (wireType === 3 || wireType === 4) this.fail("protobuf groups are not supported", at);
    if (wireType > 5) this.fail(`invalid wire type ${wireType}`, at);
    return { field, wireType };
  }

  /** Refuses a known field sent with another encoding than its schema's. */
  expect(tag: FieldTag, wireType: number): void {
    if (tag.wireType !== wireType) {
      this.fail(`field ${tag.field} has wire type ${tag.wireType}, expected ${wireType}`);
    }
  }

  /** An unsigned varint that must fit a safe integer (lengths, enums, booleans). */
  readVarint(): number {
    const at = this.pos;
    let value = 0;
    for (let index = 0; index < MAX_VARINT_BYTES; index += 1) {
      const byte = this.nextByte();
      value += (byte & 0x7f) * 2 ** (7 * index);
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) this.fail("varint is too large", at);
        return value;
      }
    }
    return this.fail("varint is longer than ten bytes", at);
  }

  /** An int64 varint, negative numbers in two's complement. */
  readInt64(): bigint {
    const at = this.pos;
    let value = 0n;
    for (let index = 0; index < MAX_VARINT_BYTES; index += 1) {
      const byte = this.nextByte();
      value |= BigInt(byte & 0x7f) << BigInt(7 * index);
      if (byte < 0x80) return BigInt.asIntN(64, value);
    }
    return this.fail("varint is longer than ten bytes", at);
  }

  /** Eight little-endian bytes as an unsigned integer (fixed64, and the bits of a double). */
  readFixed64(): bigint {
    const at = this.take(8);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 8);
    return view.getBigUint64(0, true);
  }

  readDouble(): number {
    return float64FromBits(this.readFixed64());
  }

  readSFixed64(): bigint {
    return BigInt.asIntN(64, this.readFixed64());
  }

  readString(): string {
    const length = this.readVarint();
    const at = this.take(length);
    return utf8.decode(this.bytes.subarray(at, at + length));
  }

  /** A reader over an embedded message, which ends where its length says. */
  readMessage(): ProtobufReader {
    if (this.depth >= MAX_NESTING) this.fail(`messages are nested deeper than ${MAX_NESTING} levels`);
    const length = this.readVarint();
    const at = this.take(length);
    return new ProtobufReader(this.bytes, this.protocol, at, at + length, this.depth + 1);
  }

  /** Steps over a field this decoder has no use for. */
  skip(tag: FieldTag): void {
    if (tag.wireType === WireType.varint) this.readInt64();
    else if (tag.wireType === WireType.fixed64) this.take(8);
    else if (tag.wireType === WireType.fixed32) this.take(4);
    else this.take(this.readVarint());
  }

  /** Throws the error for this body at `at` (the current byte by default). */
  fail(reason: string, at = this.pos): never {
    throw new ProtocolDecodeError(this.protocol, `byte ${at}`, reason);
  }

  private nextByte(): number {
    if (this.pos >= this.end) this.fail("message ends inside a varint");
    const byte = this.bytes[this.pos]!;
    this.pos += 1;
    return byte;
  }

  /** Moves past `length` bytes and returns where they start. */
  private take(length: number): number {
    if (length > this.end - this.pos) this.fail(`field needs ${length} bytes but ${this.end - this.pos} are left`);
    const at = this.pos;
    this.pos += length;
    return at;
  }
}
