import { ProtobufReader, WireType } from "./protobuf-reader";

/**
 * Reads a KeyValue message into its key and the string form of a scalar value. Arrays, key-value
 * lists and bytes give undefined; they are stepped over unread, so nesting costs nothing.
 */
export function readAttribute(reader: ProtobufReader): [string, string | undefined] {
  let key = "";
  let text: string | undefined;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === 1 || tag.field === 2) reader.expect(tag, WireType.lengthDelimited);
    if (tag.field === 1) key = reader.readString();
    else if (tag.field === 2) text = readScalarText(reader.readMessage());
    else reader.skip(tag);
  }
  return [key, text];
}

/** Collects the scalar attributes of repeated KeyValue fields into a record, later keys winning. */
export class AttributeList {
  private readonly entries = new Map<string, string>();

  add(reader: ProtobufReader): void {
    const [key, text] = readAttribute(reader);
    if (text !== undefined) this.entries.set(key, text);
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }
}

function readScalarText(reader: ProtobufReader): string | undefined {
  let text: string | undefined;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    switch (tag.field) {
      case 1:
        reader.expect(tag, WireType.lengthDelimited);
        text = reader.readString();
        break;
      case 2:
        reader.expect(tag, WireType.varint);
        text = String(reader.readInt64() !== 0n);
        break;
      case 3:
        reader.expect(tag, WireType.varint);
        text = reader.readInt64().toString();
        break;
      case 4:
        reader.expect(tag, WireType.fixed64);
        text = String(reader.readDouble());
        break;
      default:
        reader.skip(tag);
        text = undefined;
    }
  }
  return text;
}
