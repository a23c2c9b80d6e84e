import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { readStreamHead } from "./stream-head";

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const chunksOf = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

/** An endless source that counts how many bytes it has been asked for. */
function endlessSource(chunkSize = 1024) {
  const source = { produced: 0, stream: new Readable() };
  source.stream = new Readable({
    read() {
      source.produced += chunkSize;
      this.push(Buffer.alloc(chunkSize, 0x61));
    },
  });
  return source;
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await nextTurn();
}

describe("reading the head of a stream", () => {
  it("returns the first bytes across chunks and a stream that replays them before the rest", async () => {
    const { head, rest } = await readStreamHead(chunksOf("abc", "defgh", "ij"), 4);
    expect(head.toString()).toBe("abcd");
    expect((await collect(rest)).toString()).toBe("abcdefghij");
  });

  it("handles streams shorter than the head, empty streams and an empty head", async () => {
    const short = await readStreamHead(chunksOf("ab"), 10);
    expect(short.head.toString()).toBe("ab");
    expect((await collect(short.rest)).toString()).toBe("ab");
    const empty = await readStreamHead(chunksOf(), 10);
    expect(empty.head).toHaveLength(0);
    expect(await collect(empty.rest)).toHaveLength(0);
    const none = await readStreamHead(chunksOf("xyz"), 0);
    expect(none.head).toHaveLength(0);
    expect((await collect(none.rest)).toString()).toBe("xyz");
  });

  it("reads a file stream whole through the replay", async () => {
    const folder = await mkdtemp(join(tmpdir(), "stream-head-"));
    try {
      const content = Buffer.from(Array.from({ length: 200_000 }, (_, index) => index % 251));
      await writeFile(join(folder, "object.bin"), content);
      const { head, rest } = await readStreamHead(createReadStream(join(folder, "object.bin")), 4100);
      expect(head.equals(content.subarray(0, 4100))).toBe(true);
      expect((await collect(rest)).equals(content)).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("takes string and Uint8Array chunks as bytes", async () => {
    const text = Readable.from(["héllo", " world"].map((part) => Buffer.from(part))).setEncoding("utf8");
    expect((await readStreamHead(text, 3)).head.toString()).toBe("hé");
    const arrays = Readable.from([new Uint8Array([1, 2]), new Uint8Array([3])], { objectMode: true });
    expect([...(await collect((await readStreamHead(arrays, 2)).rest))]).toEqual([1, 2, 3]);
  });

  it("refuses streams of objects and a negative head", async () => {
    await expect(readStreamHead(Readable.from([{ not: "bytes" }]), 4)).rejects.toThrow(TypeError);
    await expect(readStreamHead(chunksOf("a"), -1)).rejects.toThrow(RangeError);
  });

  it("reads ahead no further than the source's own buffer, and keeps backpressure on the rest", async () => {
    const source = endlessSource();
    const { head, rest } = await readStreamHead(source.stream, 10);
    expect(head.toString()).toBe("a".repeat(10));
    await settle();
    expect(source.produced).toBeLessThanOrEqual(source.stream.readableHighWaterMark + 2048);

    rest.read();
    await settle();
    const limit = source.stream.readableHighWaterMark + rest.readableHighWaterMark + 4096;
    expect(source.produced).toBeLessThanOrEqual(limit);
    rest.destroy();
  });

  it("destroys the source when the consumer destroys the rest", async () => {
    const source = endlessSource();
    const { rest } = await readStreamHead(source.stream, 10);
    const closed = new Promise((resolve) => source.stream.once("close", resolve));
    rest.destroy();
    await closed;
    expect(source.stream.destroyed).toBe(true);
  });

  it("rejects when the source fails before the head is read", async () => {
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from("ab"));
    queueMicrotask(() => failing.destroy(new Error("disk unplugged")));
    await expect(readStreamHead(failing, 10)).rejects.toThrow("disk unplugged");
  });

  it("fails the rest when the source fails after the head", async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        sent += 1;
        if (sent <= 3) this.push(Buffer.from("chunk"));
        else this.destroy(new Error("connection reset"));
      },
    });
    const { head, rest } = await readStreamHead(failing, 4);
    expect(head.toString()).toBe("chun");
    await expect(collect(rest)).rejects.toThrow("connection reset");
  });
});
