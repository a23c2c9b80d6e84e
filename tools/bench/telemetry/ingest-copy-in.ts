import { once } from "node:events";
import type { Writable } from "node:stream";
import type pg from "pg";

// The parts of pg's Connection a COPY FROM STDIN uses; its typings leave the copy messages out.
interface CopyConnection {
  stream: Writable;
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

function asCopyConnection(connection: pg.Connection): CopyConnection {
  const candidate = connection as unknown as Partial<CopyConnection>;
  if (typeof candidate.sendCopyFromChunk !== "function" || typeof candidate.endCopyFrom !== "function") {
    throw new Error("this version of pg's Connection cannot send COPY data");
  }
  return candidate as CopyConnection;
}

async function sendChunks(connection: CopyConnection, chunks: Iterable<Buffer>): Promise<void> {
  try {
    for (const chunk of chunks) {
      connection.sendCopyFromChunk(chunk);
      if (connection.stream.writableNeedDrain) await once(connection.stream, "drain");
    }
    connection.endCopyFrom();
  } catch (error) {
    connection.sendCopyFail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs `statement` (a COPY … FROM STDIN) on `client` and streams `chunks` to it over the wire
 * protocol's CopyData messages, waiting whenever the socket asks to drain; answers the rows copied.
 * pg runs a query object with a `submit` method in turn with the client's other queries and hands
 * it the server's messages, which is all COPY needs.
 */
export function copyIn(client: pg.Client, statement: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const query = {
      submit(connection: pg.Connection) {
        asCopyConnection(connection).query(statement);
      },
      handleCopyInResponse(connection: pg.Connection) {
        void sendChunks(asCopyConnection(connection), chunks);
      },
      handleCommandComplete(message: { text?: string }) {
        rows = Number(/^COPY (\d+)$/.exec(message.text ?? "")?.[1] ?? Number.NaN);
      },
      handleReadyForQuery() {
        resolve(rows);
      },
      // pg hands the server's error here and then forgets the query: it gets no ReadyForQuery.
      handleError(error: Error) {
        reject(error);
      },
    };
    client.query(query);
  });
}
