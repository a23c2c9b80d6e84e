import type { Socket } from "node:net";
import type pg from "pg";

/**
 * Makes a connection write the statements issued in one tick with one system call. pg in pipeline
 * mode writes each statement as it is issued, so a transaction's opening (begin, its settings)
 * and its first statement cost a socket write each, and on a loaded machine a write that wakes
 * the server costs more than the statement. The socket is corked at the first statement of a tick
 * and uncorked once the tick's synchronous work is done, so they leave together.
 */
export function coalesceWritesPerTick(client: pg.Client): void {
  const socket = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
  if (!socket || typeof socket.cork !== "function") return;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return query(...args);
  };
}
