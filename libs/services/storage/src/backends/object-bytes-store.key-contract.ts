import { expect, it } from "vitest";
import { InvalidBytesKeyError } from "./bytes-errors";
import { bodyOf } from "./contract-bodies";
import type { ObjectBytesStore } from "./object-bytes-store";

const BAD_KEYS = [
  "",
  "../x",
  "a/../../x",
  "a//b",
  "/a",
  "a/",
  "a\0b",
  "a/./b",
  ".partial/x",
  "a\\b",
  "a b",
  "ünïcode",
  `${"a/".repeat(256)}b`,
  `a/${"b".repeat(256)}`,
];

/** Every method refuses a malformed key with InvalidBytesKeyError, and a refused write consumes nothing. */
export function describeKeyRefusals(storeOf: () => ObjectBytesStore): void {
  it("refuses malformed keys and prefixes before touching storage", async () => {
    const store = storeOf();
    for (const key of BAD_KEYS) {
      const body = bodyOf("never stored");
      await expect(store.write(key, body), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
      expect(body.destroyed).toBe(true);
      await expect(store.read(key), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
      await expect(store.stat(key), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
      await expect(store.remove(["fine/key", key]), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
      await expect(store.copy("fine/key", key), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
      await expect(store.copy(key, "fine/key"), key).rejects.toBeInstanceOf(InvalidBytesKeyError);
    }
    for (const prefix of ["../", "/", "a//", "a/../b", "a\0"]) {
      const listing = async () => {
        for await (const entry of store.list(prefix)) expect.fail(`listed ${entry.key}`);
      };
      await expect(listing(), prefix).rejects.toBeInstanceOf(InvalidBytesKeyError);
    }
  });

  it("accepts keys of the service's shapes up to 512 characters, in segments up to 255", async () => {
    const store = storeOf();
    const longest = `uploads/${"x".repeat(250)}/${"y".repeat(251)}/1`;
    expect(longest.length).toBe(512);
    for (const key of ["uploads/0f6b2c1e-upload/17", "Org-1/bkt_2/obj.3/ver-4", longest]) {
      await store.write(key, bodyOf(key));
      expect(await store.stat(key)).toEqual({ size: key.length });
    }
    await store.remove(["uploads/0f6b2c1e-upload/17", "Org-1/bkt_2/obj.3/ver-4", longest]);
  });
}
