import { expect, it } from "vitest";
import { BytesMissingError, BytesTooLargeError } from "./bytes-errors";
import { abandonedBody, bodyOf, endlessBody, failingBody, freshKey, patternBody, readAll } from "./contract-bodies";
import type { ObjectBytesStore } from "./object-bytes-store";

/** A store under test, and what it keeps of writes that never completed. */
export interface ContractSubject {
  store: ObjectBytesStore;
  /** Traces of unfinished writes the backend can show (partial files); none may survive a failed write. */
  leftovers?(): Promise<string[]>;
  close(): Promise<void>;
}

const MB = 1024 * 1024;

/** A write that fails, for its size or its body, leaves no bytes at its key and no trace behind. */
export function describeFailedWrites(subjectOf: () => ContractSubject): void {
  const readText = async (key: string) => (await readAll(await subjectOf().store.read(key))).toString();
  const expectNothingLeft = async (key: string) => {
    const { store, leftovers } = subjectOf();
    expect(await store.stat(key)).toBeUndefined();
    await expect(store.read(key)).rejects.toBeInstanceOf(BytesMissingError);
    if (leftovers) expect(await leftovers()).toEqual([]);
  };

  it("accepts a body of exactly maxBytes", async () => {
    const { store } = subjectOf();
    const key = freshKey();
    expect((await store.write(key, patternBody(1000), { maxBytes: 1000 })).size).toBe(1000);
  });

  it("stops a body over maxBytes with BytesTooLargeError, leaving nothing at the key", async () => {
    const { store } = subjectOf();
    const small = freshKey();
    await expect(store.write(small, patternBody(1001), { maxBytes: 1000 })).rejects.toEqual(
      new BytesTooLargeError(1000),
    );
    await expectNothingLeft(small);
    const endless = freshKey();
    const body = endlessBody();
    await expect(store.write(endless, body, { maxBytes: 10 * MB })).rejects.toBeInstanceOf(BytesTooLargeError);
    expect(body.destroyed).toBe(true);
    await expectNothingLeft(endless);
  });

  it("leaves nothing when the body fails or is abandoned midway, in the first part or after several", async () => {
    const { store } = subjectOf();
    for (const failAfter of [100_000, 10 * MB]) {
      const key = freshKey();
      await expect(store.write(key, failingBody(failAfter))).rejects.toThrow("connection was reset");
      await expectNothingLeft(key);
    }
    const abandoned = freshKey();
    await expect(store.write(abandoned, abandonedBody(10 * MB))).rejects.toThrow();
    await expectNothingLeft(abandoned);
  });

  it("keeps the previous bytes when an overwrite fails, and replaces them whole when it succeeds", async () => {
    const { store } = subjectOf();
    const key = freshKey();
    await store.write(key, bodyOf("first version"));
    await expect(store.write(key, failingBody(200_000))).rejects.toThrow("connection was reset");
    await expect(store.write(key, patternBody(5000), { maxBytes: 4096 })).rejects.toBeInstanceOf(BytesTooLargeError);
    expect(await readText(key)).toBe("first version");
    await store.write(key, bodyOf("second"));
    expect(await readText(key)).toBe("second");
    expect(await store.stat(key)).toEqual({ size: 6 });
  });
}
