import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashOpaqueToken } from "./opaque-token";
import { createSuccessorKeyLoader, deriveSuccessorToken } from "./refresh-successor";

describe("refresh-token successors", () => {
  const key = randomBytes(32);
  const presented = randomBytes(32).toString("base64url");

  it("derives the same successor for the same token and successor row, and stores only its hash", () => {
    const id = randomUUID();
    const first = deriveSuccessorToken(key, presented, id);
    expect(deriveSuccessorToken(key, presented, id)).toEqual(first);
    expect(first.hash).toBe(hashOpaqueToken(first.token));
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("derives unrelated successors for another row, another token or another key", () => {
    const id = randomUUID();
    const successor = deriveSuccessorToken(key, presented, id).token;
    expect(deriveSuccessorToken(key, presented, randomUUID()).token).not.toBe(successor);
    expect(deriveSuccessorToken(key, `${presented}x`, id).token).not.toBe(successor);
    expect(deriveSuccessorToken(randomBytes(32), presented, id).token).not.toBe(successor);
  });

  it("derives its key from the data key once, never using the data key itself", async () => {
    let loads = 0;
    const dataKey = randomBytes(32);
    const load = createSuccessorKeyLoader(async () => {
      loads += 1;
      return dataKey;
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toEqual(b);
    expect(a.equals(dataKey)).toBe(false);
    expect(loads).toBe(1);
  });
});
