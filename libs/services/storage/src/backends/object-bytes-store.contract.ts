import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BytesMissingError, UnsatisfiableRangeError } from "./bytes-errors";
import { bodyOf, freshKey, patternBody, patternBytes, patternSha256, readAll, sha256Of } from "./contract-bodies";
import type { ByteRange, ObjectBytesStore } from "./object-bytes-store";
import { describeFailedWrites, type ContractSubject } from "./object-bytes-store.failure-contract";
import { describeKeyRefusals } from "./object-bytes-store.key-contract";

export type { ContractSubject };

const MB = 1024 * 1024;

/** The behaviour every ObjectBytesStore promises, run against one backend. */
export function describeObjectBytesStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`${name} bytes store`, () => {
    let subject: ContractSubject;
    let store: ObjectBytesStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(() => subject.close());

    const readText = async (key: string, range?: ByteRange) => (await readAll(await store.read(key, range))).toString();

    it("stores a body and reads it back, with the size and SHA-256 of what streamed", async () => {
      const key = freshKey();
      expect(await store.write(key, bodyOf("hello, bytes"), { contentType: "text/plain" })).toEqual({
        size: 12,
        sha256: sha256Of("hello, bytes"),
      });
      expect(await readText(key)).toBe("hello, bytes");
      expect(await store.stat(key)).toEqual({ size: 12 });
    });

    it("stores an empty body", async () => {
      const key = freshKey();
      expect(await store.write(key, bodyOf(""))).toEqual({ size: 0, sha256: sha256Of("") });
      expect(await readText(key)).toBe("");
      expect(await store.stat(key)).toEqual({ size: 0 });
    });

    it("reads the first byte, a middle slice, the last byte and an open-ended tail", async () => {
      const key = freshKey();
      await store.write(key, bodyOf("0123456789"));
      expect(await readText(key, { start: 0, end: 0 })).toBe("0");
      expect(await readText(key, { start: 3, end: 6 })).toBe("3456");
      expect(await readText(key, { start: 9, end: 9 })).toBe("9");
      expect(await readText(key, { start: 7 })).toBe("789");
      expect(await readText(key, { start: 8, end: 500 })).toBe("89");
    });

    it("refuses a range that starts at or past the end", async () => {
      const key = freshKey();
      await store.write(key, bodyOf("0123456789"));
      await expect(store.read(key, { start: 10 })).rejects.toBeInstanceOf(UnsatisfiableRangeError);
      await expect(store.read(key, { start: 12, end: 20 })).rejects.toBeInstanceOf(UnsatisfiableRangeError);
    });

    it("answers a missing key with BytesMissingError on read and nothing on stat", async () => {
      const key = freshKey();
      await expect(store.read(key)).rejects.toBeInstanceOf(BytesMissingError);
      await expect(store.read(key, { start: 0, end: 1 })).rejects.toBeInstanceOf(BytesMissingError);
      expect(await store.stat(key)).toBeUndefined();
    });

    it("copies bytes to another key, replacing what it held, and refuses a missing source", async () => {
      const [from, to] = [freshKey("a"), freshKey("b")];
      await store.write(from, bodyOf("copied bytes"));
      await store.write(to, bodyOf("older and longer bytes"));
      await store.copy(from, to);
      expect(await readText(to)).toBe("copied bytes");
      expect(await readText(from)).toBe("copied bytes");
      await expect(store.copy(freshKey(), to)).rejects.toBeInstanceOf(BytesMissingError);
      expect(await readText(to)).toBe("copied bytes");
    });

    it("removes keys, and removing missing keys is fine", async () => {
      const [kept, removed] = [freshKey(), freshKey()];
      await store.write(kept, bodyOf("kept"));
      await store.write(removed, bodyOf("removed"));
      await store.remove([removed, freshKey()]);
      await store.remove([removed]);
      await store.remove([]);
      expect(await store.stat(removed)).toBeUndefined();
      expect(await readText(kept)).toBe("kept");
    });

    it("lists every key under a prefix with its size, and nothing beside it", async () => {
      const organization = randomUUID();
      const keys = [`${organization}/b1/o1/v1`, `${organization}/b1/o2/v1`, `${organization}/b1/o2/v2`];
      for (const [index, key] of keys.entries()) await store.write(key, patternBody(index * 10));
      await store.write(`${organization}/b10/o1/v1`, bodyOf("sibling bucket"));
      const listed = async (prefix: string) => {
        const found = [];
        for await (const entry of store.list(prefix)) found.push(entry);
        return found.sort((left, right) => left.key.localeCompare(right.key));
      };
      expect(await listed(`${organization}/b1/`)).toEqual(keys.map((key, index) => ({ key, size: index * 10 })));
      expect((await listed(`${organization}/b1`)).length).toBe(4);
      expect(await listed(`${organization}/b1/o2/`)).toEqual([
        { key: keys[1], size: 10 },
        { key: keys[2], size: 20 },
      ]);
      expect(await listed(`${randomUUID()}/`)).toEqual([]);
    });

    it("streams a 12 MB body and reads back the same bytes, whole and across a part boundary", async () => {
      const key = freshKey();
      const size = 12 * MB;
      expect(await store.write(key, patternBody(size), { maxBytes: size })).toEqual({
        size,
        sha256: await patternSha256(size),
      });
      expect(sha256Of(await readAll(await store.read(key)))).toBe(await patternSha256(size));
      const pattern = patternBytes(size);
      const across = { start: 8 * MB - 100, end: 8 * MB + 99 };
      expect(
        (await readAll(await store.read(key, across))).equals(pattern.subarray(across.start, across.end + 1)),
      ).toBe(true);
      expect((await readAll(await store.read(key, { start: size - 3 }))).equals(pattern.subarray(size - 3))).toBe(true);
    });

    describeFailedWrites(() => subject);
    describeKeyRefusals(() => store);
  });
}
