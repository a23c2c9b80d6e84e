import { describe, expect, it } from "vitest";
import { sendByCallers } from "./ingest-callers";

describe("sendByCallers", () => {
  it("sends every batch once, no caller with two in flight, and sums what each call reports", async () => {
    const batches = Array.from({ length: 23 }, (_, index) => index + 1);
    const sent: number[] = [];
    const busy = new Set<number>();
    let callers = 0;
    const written = await sendByCallers(
      batches,
      4,
      () => (callers += 1),
      async (caller, batch) => {
        expect(busy.has(caller)).toBe(false);
        busy.add(caller);
        // Answers come back out of order, as a server's do.
        await new Promise((resolve) => setTimeout(resolve, (batch * 7) % 5));
        busy.delete(caller);
        sent.push(batch);
        return batch * 10;
      },
    );
    expect(callers).toBe(4);
    expect([...sent].sort((a, b) => a - b)).toEqual(batches);
    expect(written).toBe(10 * batches.reduce((sum, batch) => sum + batch, 0));
  });

  it("starts no more callers than there are batches, and fails with a failed call", async () => {
    let callers = 0;
    await expect(
      sendByCallers(
        [1],
        4,
        () => (callers += 1),
        () => Promise.reject(new Error("refused")),
      ),
    ).rejects.toThrow("refused");
    expect(callers).toBe(1);
  });
});
