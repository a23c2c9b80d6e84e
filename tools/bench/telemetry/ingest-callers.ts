/**
 * Hands `batches` out to `callers` concurrent callers, each sending its next batch once its
 * previous one was answered, as independent producers do; answers the points each call reported
 * written, summed. Every caller gets its own state from `startCaller` (a client, a connection).
 */
export async function sendByCallers<Batch, Caller>(
  batches: readonly Batch[],
  callers: number,
  startCaller: () => Caller,
  send: (caller: Caller, batch: Batch) => Promise<number>,
): Promise<number> {
  let next = 0;
  let written = 0;
  const run = async () => {
    const caller = startCaller();
    while (next < batches.length) {
      const batch = batches[next]!;
      next += 1;
      // Awaited first: `written += await …` would add to the total read before the call.
      const sent = await send(caller, batch);
      written += sent;
    }
  };
  await Promise.all(Array.from({ length: Math.min(callers, batches.length) }, run));
  return written;
}
