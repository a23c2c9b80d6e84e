function hasAt(head: Buffer, offset: number, expected: string | readonly number[]): boolean {
  const bytes = typeof expected === "string" ? Buffer.from(expected, "latin1") : Buffer.from(expected);
  return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
}

const ISO_MEDIA_BRANDS: Record<string, string> = {
  avif: "image/avif",
  avis: "image/avif",
  heic: "image/heic",
  heix: "image/heic",
  heim: "image/heic",
  heis: "image/heic",
  hevc: "image/heic",
  hevx: "image/heic",
  mif1: "image/heic",
  msf1: "image/heic",
  "qt  ": "video/quicktime",
  "M4A ": "audio/mp4",
  "M4B ": "audio/mp4",
};

// ISO base media files (MP4 and its relatives) open with an `ftyp` box whose major brand names the kind.
function isoMediaType(head: Buffer): string | undefined {
  if (!hasAt(head, 4, "ftyp") || head.length < 12) return undefined;
  return ISO_MEDIA_BRANDS[head.subarray(8, 12).toString("latin1")] ?? "video/mp4";
}

// An MPEG audio frame header: 11 sync bits, then a version, layer, bitrate and sample rate that exist.
function isMpegAudioFrame(head: Buffer): boolean {
  const [first, second, third] = head;
  if (first !== 0xff || second === undefined || third === undefined || (second & 0xe0) !== 0xe0) return false;
  const version = (second >> 3) & 0b11;
  const layer = (second >> 1) & 0b11;
  return version !== 0b01 && layer !== 0b00 && third >> 4 !== 0b1111 && ((third >> 2) & 0b11) !== 0b11;
}

// "MZ" alone opens too many texts; a Windows executable also points at a "PE\0\0" header.
function isPortableExecutable(head: Buffer): boolean {
  if (!hasAt(head, 0, "MZ") || head.length < 0x40) return false;
  return hasAt(head, head.readUInt32LE(0x3c), "PE\0\0");
}

const SIGNATURES: readonly { type: string; matches: (head: Buffer) => boolean }[] = [
  { type: "image/png", matches: (head) => hasAt(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", matches: (head) => hasAt(head, 0, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", matches: (head) => hasAt(head, 0, "GIF87a") || hasAt(head, 0, "GIF89a") },
  { type: "image/webp", matches: (head) => hasAt(head, 0, "RIFF") && hasAt(head, 8, "WEBP") },
  { type: "audio/wav", matches: (head) => hasAt(head, 0, "RIFF") && hasAt(head, 8, "WAVE") },
  { type: "application/pdf", matches: (head) => hasAt(head, 0, "%PDF-") },
  {
    type: "application/zip",
    matches: (head) => ["PK\x03\x04", "PK\x05\x06", "PK\x07\x08"].some((magic) => hasAt(head, 0, magic)),
  },
  { type: "application/gzip", matches: (head) => hasAt(head, 0, [0x1f, 0x8b, 0x08]) },
  { type: "audio/ogg", matches: (head) => hasAt(head, 0, "OggS") },
  { type: "audio/mpeg", matches: (head) => hasAt(head, 0, "ID3") || isMpegAudioFrame(head) },
  { type: "application/x-executable", matches: (head) => hasAt(head, 0, "\x7fELF") },
  { type: "application/vnd.microsoft.portable-executable", matches: isPortableExecutable },
  {
    type: "application/x-mach-binary",
    matches: (head) =>
      [
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xce, 0xfa, 0xed, 0xfe],
        [0xcf, 0xfa, 0xed, 0xfe],
      ].some((magic) => hasAt(head, 0, magic)),
  },
];

/** The type a file's first bytes announce by a fixed binary signature, or undefined when none matches. */
export function binarySignatureType(head: Buffer): string | undefined {
  return isoMediaType(head) ?? SIGNATURES.find((signature) => signature.matches(head))?.type;
}
