import type { Socket } from "node:net";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coalesceWritesPerTick } from "./coalesced-writes";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function connectedClient(): Promise<{ client: pg.Client; socketWrites: () => number }> {
  const client = new pg.Client({ connectionString: database.appUrl, pipeline: true } as pg.ClientConfig);
  await client.connect();
  const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  let writes = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev?.bind(socket);
  socket._write = (...args: Parameters<Socket["_write"]>) => {
    writes += 1;
    return write(...args);
  };
  if (writev) {
    socket._writev = (...args: Parameters<NonNullable<Socket["_writev"]>>) => {
      writes += 1;
      return writev(...args);
    };
  }
  return { client, socketWrites: () => writes };
}

const transaction = (client: pg.Client) =>
  Promise.all([
    client.query("begin"),
    client.query("select set_config('app.user_id', '', true)"),
    client.query("select $1::int + 1 as answer", [41]),
    client.query("commit"),
  ]);

describe("coalesceWritesPerTick", () => {
  it("writes the statements issued in one tick with one socket write, and answers each as before", async () => {
    const { client, socketWrites } = await connectedClient();
    try {
      await transaction(client);
      const plain = socketWrites();
      expect(plain).toBe(4);

      coalesceWritesPerTick(client);
      const answers = await transaction(client);
      expect(socketWrites() - plain).toBe(1);
      expect(answers[2].rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.end();
    }
  });

  it("still sends a statement issued in a later tick", async () => {
    const { client } = await connectedClient();
    try {
      coalesceWritesPerTick(client);
      const first = await client.query("select 1 as n");
      await new Promise((resolve) => setImmediate(resolve));
      const second = await client.query("select 2 as n");
      expect([first.rows, second.rows]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    } finally {
      await client.end();
    }
  });
});
