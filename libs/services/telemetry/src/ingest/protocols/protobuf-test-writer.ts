/** A protobuf wire format writer for tests: builds messages field by field, including broken ones. */
export class ProtobufTestWriter {
  private readonly bytes: number[] = [];

  raw(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.rawVarint(BigInt(field * 8 + wireType));
  }

  /** Writes an unsigned varint; negative int64 values go out in ten bytes of two's complement. */
  rawVarint(value: bigint): this {
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      this.bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.bytes.push(Number(rest));
    return this;
  }

  varint(field: number, value: bigint | number): this {
    return this.tag(field, 0).rawVarint(BigInt(value));
  }

  fixed64(field: number, value: bigint): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.tag(field, 1).raw(...new Uint8Array(view.buffer));
  }

  double(field: number, value: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    return this.fixed64(field, view.getBigUint64(0, true));
  }

  bytesField(field: number, bytes: Uint8Array): this {
    this.tag(field, 2).rawVarint(BigInt(bytes.length));
    for (const byte of bytes) this.bytes.push(byte);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytesField(field, new TextEncoder().encode(text));
  }

  message(field: number, build: (writer: ProtobufTestWriter) => void): this {
    const inner = new ProtobufTestWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
