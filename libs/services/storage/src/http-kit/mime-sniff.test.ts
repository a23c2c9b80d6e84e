import { open } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isMimeTypeAllowed, MIME_SNIFF_BYTES, sniffMimeType } from "./mime-sniff";
import * as file from "./mime-test-fixtures";

const text = (value: string) => Buffer.from(value, "utf8");
const EXECUTABLES = [
  "application/x-executable",
  "application/vnd.microsoft.portable-executable",
  "application/x-mach-binary",
];

describe("sniffing a MIME type from the first bytes", () => {
  it("recognises images by their signatures", () => {
    expect(sniffMimeType(file.onePixelPng())).toBe("image/png");
    expect(sniffMimeType(file.jpegHead())).toBe("image/jpeg");
    expect(sniffMimeType(file.gif())).toBe("image/gif");
    expect(sniffMimeType(file.webpHead())).toBe("image/webp");
    expect(sniffMimeType(file.isoMediaHead("avif"))).toBe("image/avif");
    expect(sniffMimeType(file.isoMediaHead("heic"))).toBe("image/heic");
  });

  it("recognises documents, archives, audio and video", async () => {
    expect(sniffMimeType(await file.onePagePdf())).toBe("application/pdf");
    expect(sniffMimeType(file.zipHead())).toBe("application/zip");
    expect(sniffMimeType(file.gzip())).toBe("application/gzip");
    expect(sniffMimeType(file.isoMediaHead("isom"))).toBe("video/mp4");
    expect(sniffMimeType(file.isoMediaHead("qt  "))).toBe("video/quicktime");
    expect(sniffMimeType(file.isoMediaHead("M4A "))).toBe("audio/mp4");
    expect(sniffMimeType(file.mp3Frame())).toBe("audio/mpeg");
    expect(sniffMimeType(file.mp3WithTag())).toBe("audio/mpeg");
    expect(sniffMimeType(file.silentWav())).toBe("audio/wav");
    expect(sniffMimeType(file.oggVorbisHead())).toBe("audio/ogg");
  });

  it("recognises executables, including the running Node binary", async () => {
    expect(sniffMimeType(file.elfHead())).toBe("application/x-executable");
    expect(sniffMimeType(file.machOHead())).toBe("application/x-mach-binary");
    expect(sniffMimeType(file.portableExecutableHead())).toBe("application/vnd.microsoft.portable-executable");
    const node = await open(process.execPath);
    const { buffer, bytesRead } = await node.read(Buffer.alloc(MIME_SNIFF_BYTES), 0, MIME_SNIFF_BYTES, 0);
    await node.close();
    expect(EXECUTABLES).toContain(sniffMimeType(buffer.subarray(0, bytesRead)));
  });

  it("tells SVG, HTML, XML and JSON from plain text", () => {
    const svg =
      '<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect(sniffMimeType(text(svg))).toBe("image/svg+xml");
    expect(sniffMimeType(text("<svg viewBox='0 0 1 1'></svg>"))).toBe("image/svg+xml");
    expect(sniffMimeType(text("<!DOCTYPE html>\n<title>x</title>"))).toBe("text/html");
    expect(sniffMimeType(text("  <script>alert(1)</script>"))).toBe("text/html");
    expect(sniffMimeType(text("<!-- note -->plain words"))).toBe("text/html");
    expect(sniffMimeType(text('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'))).toBe("text/html");
    expect(sniffMimeType(text('<?xml version="1.0"?><feed><entry/></feed>'))).toBe("application/xml");
    expect(sniffMimeType(text('\uFEFF{"name": "x"}'))).toBe("application/json");
    expect(sniffMimeType(text(' [ {"a": 1} ]'))).toBe("application/json");
    expect(sniffMimeType(text("[link](https://example.com)"))).toBe("text/plain");
    expect(sniffMimeType(text("name,size\nnotes.txt,12\n"))).toBe("text/plain");
    expect(sniffMimeType(text("MZ is where the file begins, yet it is prose"))).toBe("text/plain");
    expect(sniffMimeType(text("\u001b[31mred log line\u001b[0m\r\n\tindented\f"))).toBe("text/plain");
  });

  it("takes UTF-8 cut mid-character at the end of the head for text", () => {
    const head = text("é".repeat(MIME_SNIFF_BYTES)).subarray(0, MIME_SNIFF_BYTES - 1);
    expect(sniffMimeType(head)).toBe("text/plain");
  });

  it("looks at the first bytes only", () => {
    expect(sniffMimeType(Buffer.concat([text("a".repeat(MIME_SNIFF_BYTES)), Buffer.from([0, 1, 2])]))).toBe(
      "text/plain",
    );
  });

  it("answers undefined for bytes it does not know", () => {
    expect(sniffMimeType(Buffer.alloc(0))).toBeUndefined();
    expect(sniffMimeType(Buffer.from([0, 1, 2, 3, 4]))).toBeUndefined();
    expect(sniffMimeType(Buffer.from("caf\xe9 cr\xe8me", "latin1"))).toBeUndefined();
    expect(sniffMimeType(Buffer.from([0xff, 0xfb]))).toBeUndefined();
  });
});

describe("which types a bucket allows", () => {
  const png = sniffMimeType(file.onePixelPng());
  const html = sniffMimeType(text("<html><body>hi</body></html>"));

  it("allows everything when the bucket names no types", () => {
    expect(isMimeTypeAllowed(null, sniffMimeType(file.elfHead()), "application/x-executable")).toBe(true);
    expect(isMimeTypeAllowed([], undefined, "application/octet-stream")).toBe(true);
  });

  it("matches exact types and type/* patterns, ignoring case and parameters", () => {
    expect(isMimeTypeAllowed(["image/*"], png, "image/png")).toBe(true);
    expect(isMimeTypeAllowed(["IMAGE/PNG"], png, "Image/PNG; charset=binary")).toBe(true);
    expect(isMimeTypeAllowed(["*/*"], undefined, "model/gltf-binary")).toBe(true);
    expect(isMimeTypeAllowed(["image/jpeg", "application/pdf"], png, "image/png")).toBe(false);
    expect(isMimeTypeAllowed(["image/*"], undefined, "imagery/custom")).toBe(false);
  });

  it("checks a known binary type the declaration contradicts as what the bytes are", () => {
    expect(isMimeTypeAllowed(["image/*"], png, "text/plain")).toBe(true);
    expect(isMimeTypeAllowed(["image/jpeg"], png, "text/plain")).toBe(false);
    expect(isMimeTypeAllowed(["image/png"], png, "application/octet-stream")).toBe(true);
    expect(isMimeTypeAllowed(["image/*"], sniffMimeType(file.elfHead()), "image/png")).toBe(false);
    expect(isMimeTypeAllowed(["image/*"], sniffMimeType(file.zipHead()), "image/png")).toBe(false);
  });

  it("refuses text declared as a binary type where that text type is not allowed", () => {
    expect(isMimeTypeAllowed(["image/*"], html, "image/png")).toBe(false);
    expect(isMimeTypeAllowed(["image/*"], sniffMimeType(text("#!/bin/sh\nrm -rf ~\n")), "image/png")).toBe(false);
  });

  it("takes text declared as another text type at its word", () => {
    expect(isMimeTypeAllowed(["text/csv"], sniffMimeType(text("a,b\n1,2\n")), "text/csv")).toBe(true);
    expect(isMimeTypeAllowed(["text/markdown"], sniffMimeType(text("# Title\n")), "text/markdown")).toBe(true);
    expect(isMimeTypeAllowed(["text/plain"], html, "text/plain")).toBe(true);
    expect(isMimeTypeAllowed(["application/json"], html, "text/html")).toBe(false);
  });

  it("accepts other names for the same bytes and formats built on a sniffed container", () => {
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    expect(isMimeTypeAllowed([docx], sniffMimeType(file.zipHead()), docx)).toBe(true);
    expect(isMimeTypeAllowed(["application/epub+zip"], sniffMimeType(file.zipHead()), "application/epub+zip")).toBe(
      true,
    );
    expect(isMimeTypeAllowed(["image/jpg"], sniffMimeType(file.jpegHead()), "image/jpg")).toBe(true);
    expect(isMimeTypeAllowed(["audio/mp3"], sniffMimeType(file.mp3WithTag()), "audio/mp3")).toBe(true);
    expect(isMimeTypeAllowed(["image/*"], sniffMimeType(file.isoMediaHead("avif")), "image/avif")).toBe(true);
    expect(isMimeTypeAllowed(["image/*"], sniffMimeType(file.isoMediaHead("isom")), "image/avif")).toBe(false);
  });

  it("checks the declared type when the bytes are of no known type", () => {
    expect(isMimeTypeAllowed(["image/*"], undefined, "image/tiff")).toBe(true);
    expect(isMimeTypeAllowed(["image/*"], undefined, "application/octet-stream")).toBe(false);
  });
});
