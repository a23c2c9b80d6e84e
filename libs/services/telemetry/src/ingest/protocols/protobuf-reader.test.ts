import { describe, expect, it } from "vitest";
import { ProtocolDecodeError } from "./protocol-decode-error";
import { ProtobufReader, WireType } from "./protobuf-reader";
import { ProtobufTestWriter } from "./protobuf-test-writer";

const readerOf = (writer: ProtobufTestWriter) => ProtobufReader.of(writer.finish(), "otlp-protobuf");

function decodeError(read: () => unknown): ProtocolDecodeError {
  try {
    read();
  } catch (error) {
    if (error instanceof ProtocolDecodeError) return error;
    throw error;
  }
  throw new Error("expected the read to fail");
}

describe("the protobuf reader", () => {
  it("reads varints, int64s, fixed64s, doubles and strings as written", () => {
    const reader = readerOf(
      new ProtobufTestWriter()
        .varint(1, 300)
        .varint(2, -5n)
        .fixed64(3, 0xffff_ffff_ffff_ffffn)
        .fixed64(4, -2n)
        .double(5, -12.25)
        .string(6, "grüße"),
    );
    expect(reader.readTag()).toEqual({ field: 1, wireType: WireType.varint });
    expect(reader.readVarint()).toBe(300);
    reader.readTag();
    expect(reader.readInt64()).toBe(-5n);
    reader.readTag();
    expect(reader.readFixed64()).toBe(0xffff_ffff_ffff_ffffn);
    reader.readTag();
    expect(reader.readSFixed64()).toBe(-2n);
    reader.readTag();
    expect(reader.readDouble()).toBe(-12.25);
    expect(reader.readTag()).toEqual({ field: 6, wireType: WireType.lengthDelimited });
    expect(reader.readString()).toBe("grüße");
    expect(reader.hasMore()).toBe(false);
  });

  it("steps over fields of every wire type it does not need", () => {
    const reader = readerOf(
      new ProtobufTestWriter()
        .varint(1, -1n)
        .fixed64(2, 7n)
        .tag(3, WireType.fixed32)
        .raw(1, 2, 3, 4)
        .message(4, (inner) => inner.string(1, "nested"))
        .varint(9, 42),
    );
    for (let index = 0; index < 4; index += 1) reader.skip(reader.readTag());
    expect(reader.readTag()).toEqual({ field: 9, wireType: WireType.varint });
    expect(reader.readVarint()).toBe(42);
  });

  it("keeps an embedded message's reads inside its length", () => {
    const reader = readerOf(new ProtobufTestWriter().message(1, (inner) => inner.varint(1, 1)).varint(2, 2));
    reader.readTag();
    const inner = reader.readMessage();
    inner.skip(inner.readTag());
    expect(inner.hasMore()).toBe(false);
    expect(reader.readTag()).toEqual({ field: 2, wireType: WireType.varint });
  });

  it("refuses a varint longer than ten bytes, naming where it starts", () => {
    const reader = readerOf(new ProtobufTestWriter().tag(1, 0).raw(...new Array<number>(11).fill(0xff), 0x01));
    reader.readTag();
    const error = decodeError(() => reader.readInt64());
    expect(error.location).toBe("byte 1");
    expect(error.reason).toBe("varint is longer than ten bytes");
  });

  it("refuses a length beyond the bytes that are left", () => {
    const reader = readerOf(new ProtobufTestWriter().tag(1, WireType.lengthDelimited).rawVarint(1_000_000n).raw(1, 2));
    reader.readTag();
    expect(decodeError(() => reader.readString()).reason).toBe("field needs 1000000 bytes but 2 are left");
  });

  it("refuses a length that does not fit a safe integer", () => {
    const reader = readerOf(new ProtobufTestWriter().tag(1, WireType.lengthDelimited).rawVarint(2n ** 63n));
    reader.readTag();
    expect(decodeError(() => reader.readMessage()).reason).toBe("varint is too large");
  });

  it("refuses a body cut inside a varint or a fixed64", () => {
    expect(decodeError(() => readerOf(new ProtobufTestWriter().raw(0x88)).readTag()).reason).toBe(
      "message ends inside a varint",
    );
    const cut = readerOf(new ProtobufTestWriter().tag(1, WireType.fixed64).raw(1, 2, 3));
    cut.readTag();
    expect(decodeError(() => cut.readFixed64()).reason).toBe("field needs 8 bytes but 3 are left");
  });

  it("refuses field number zero, groups and unknown wire types", () => {
    expect(decodeError(() => readerOf(new ProtobufTestWriter().raw(0x00)).readTag()).reason).toBe(
      "invalid field number 0",
    );
    expect(decodeError(() => readerOf(new ProtobufTestWriter().tag(1, 3)).readTag()).reason).toBe(
      "protobuf groups are not supported",
    );
    expect(decodeError(() => readerOf(new ProtobufTestWriter().tag(1, 7)).readTag()).reason).toBe(
      "invalid wire type 7",
    );
  });

  it("refuses a known field sent with another wire type", () => {
    const reader = readerOf(new ProtobufTestWriter().varint(4, 1));
    const error = decodeError(() => reader.expect(reader.readTag(), WireType.fixed64));
    expect(error.reason).toBe("field 4 has wire type 0, expected 1");
  });

  it("stops at a fixed nesting depth however deep the messages go", () => {
    let bytes = new ProtobufTestWriter().varint(1, 1).finish();
    for (let depth = 0; depth < 100; depth += 1) bytes = new ProtobufTestWriter().bytesField(1, bytes).finish();
    let reader = ProtobufReader.of(bytes, "otlp-protobuf");
    const descend = () => {
      for (;;) {
        reader.readTag();
        reader = reader.readMessage();
      }
    };
    expect(decodeError(descend).reason).toBe("messages are nested deeper than 64 levels");
  });
});
