import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/** A TCP proxy in front of a service that a test can cut and hold, to drop clients' connections. */
export interface InterruptibleProxy {
  /** The proxy's base URL; clients that should lose their connection talk to this one. */
  url: string;
  /** Destroys every open connection, and holds new ones until `resume()`, so clients stay cut off. */
  cut(): void;
  /** Lets held and new connections through to the service again. */
  resume(): void;
  /** How many connections reached the service through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a proxy on an ephemeral loopback port that forwards to `targetUrl` (http://host:port). */
export async function startInterruptibleProxy(targetUrl: string): Promise<InterruptibleProxy> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  const held: Socket[] = [];
  let holding = false;
  let forwarded = 0;

  const forward = (client: Socket) => {
    forwarded += 1;
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  };

  const server = createServer((client) => {
    if (holding) {
      client.pause();
      client.on("error", () => client.destroy());
      held.push(client);
    } else {
      forward(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      holding = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    resume() {
      holding = false;
      for (const client of held.splice(0)) {
        if (client.destroyed) continue;
        forward(client);
        client.resume();
      }
    },
    connections: () => forwarded,
    async close() {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
