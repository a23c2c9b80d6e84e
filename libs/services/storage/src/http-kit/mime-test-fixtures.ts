import { crc32, deflateSync, gzipSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";

// File heads laid out as their formats define them, built here so tests need no sample files.

const bytes = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.isBuffer(part) ? part : Buffer.from(part),
    ),
  );

const uint32be = (value: number) => bytes([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
const uint32le = (value: number) => Buffer.from(uint32be(value).reverse());
const uint16le = (value: number) => bytes([value & 0xff, value >>> 8]);

function pngChunk(type: string, data: Buffer): Buffer {
  const body = bytes(type, data);
  return bytes(uint32be(data.length), body, uint32be(crc32(body)));
}

/** A complete 1×1 RGBA PNG. */
export function onePixelPng(): Buffer {
  const header = bytes(uint32be(1), uint32be(1), [8, 6, 0, 0, 0]);
  return bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(bytes([0, 255, 0, 0, 255]))),
    pngChunk("IEND", Buffer.alloc(0)),
  );
}

/** A single-page PDF written by a PDF library. */
export async function onePagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([100, 100]);
  return Buffer.from(await document.save());
}

const riff = (form: string, chunk: string, data: Buffer) =>
  bytes("RIFF", uint32le(4 + 8 + data.length), form, chunk, uint32le(data.length), data);

/** A PCM WAV file of one second of silence at 8 kHz, 8 bits, mono. */
export function silentWav(): Buffer {
  const format = bytes(uint16le(1), uint16le(1), uint32le(8000), uint32le(8000), uint16le(1), uint16le(8));
  return bytes(riff("WAVE", "fmt ", format), "data", uint32le(8000), Buffer.alloc(8000, 0x80));
}

/** The head of a lossless WebP. */
export const webpHead = () => riff("WEBP", "VP8L", bytes([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88]));

/** The head of an ISO base media file (MP4, AVIF, HEIC, QuickTime) with the given major brand. */
export const isoMediaHead = (brand: string) =>
  bytes(uint32be(24), "ftyp", brand, uint32be(0), brand, "isom", "\0\0\0\0");

export const jpegHead = () => bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0]);
export const gif = () => Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
export const gzip = () => gzipSync("hello, archive");
export const zipHead = () => bytes("PK\x03\x04", [20, 0, 0, 0, 0, 0], Buffer.alloc(16), uint16le(5), [0, 0], "a.txt");
/** An MPEG-1 layer III frame at 128 kbit/s, 44.1 kHz, bare and behind an ID3v2.4 tag. */
export const mp3Frame = () => bytes([0xff, 0xfb, 0x90, 0x64], Buffer.alloc(413));
export const mp3WithTag = () => bytes("ID3", [4, 0, 0, 0, 0, 0, 0], mp3Frame());
export const oggVorbisHead = () => bytes("OggS", [0, 2], Buffer.alloc(20), [1, 30], "\x01vorbis");
export const elfHead = () => bytes("\x7fELF", [2, 1, 1, 0], Buffer.alloc(56));
export const machOHead = () => bytes([0xcf, 0xfa, 0xed, 0xfe], Buffer.alloc(28));
/** A DOS stub whose header points at a PE signature, as every Windows executable has. */
export const portableExecutableHead = () =>
  bytes("MZ", Buffer.alloc(0x3a), uint32le(0x80), Buffer.alloc(0x40), "PE\0\0");
