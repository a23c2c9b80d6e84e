import type { BenchFigure } from "../bench-report";
import { measureThroughput, measureThroughputInTurns } from "../measure-throughput";
import { spawnBenchServer } from "../spawn-bench-server";

interface RpcBenchUrls {
  rpcUrl: string;
  silencedRpcUrl: string;
  bareUrl: string;
  bareTrpcUrl: string;
  standaloneUrl: string;
}

/**
 * Requests/s of a public tRPC query through the server kit (logging at info to a file, metrics)
 * against the same router on stock tRPC's standalone adapter (the floor tRPC itself sets), the
 * same kit with logging silenced (what request logging costs), tRPC on express without the kit,
 * and a bare express route returning the same JSON.
 */
export async function benchRpcOverhead(seconds: number): Promise<BenchFigure[]> {
  const server = await spawnBenchServer<RpcBenchUrls>("tools/bench/servers/rpc-and-bare-express.ts");
  try {
    const { urls } = server;
    for (const url of Object.values(urls)) await measureThroughput(url, { seconds: 1 });
    const measured = await measureThroughputInTurns(
      {
        rpc: urls.rpcUrl,
        standalone: urls.standaloneUrl,
        silenced: urls.silencedRpcUrl,
        bareTrpc: urls.bareTrpcUrl,
        bare: urls.bareUrl,
      },
      { seconds },
    );
    const { rpc, standalone, silenced, bareTrpc, bare } = measured;
    const errors = Object.entries(measured).filter(([, result]) => result.errors > 0);
    if (errors.length > 0) {
      throw new Error(
        `requests failed during the run (${errors.map(([name, result]) => `${name} ${result.errors}`).join(", ")})`,
      );
    }
    const throughput = (baseline: number, baselineName: string, target?: number): BenchFigure => ({
      name: "tRPC query through the server kit",
      unit: "req/s",
      ours: rpc.requestsPerSecond,
      baseline,
      baselineName,
      higherIsBetter: true,
      ...(target !== undefined ? { target } : {}),
    });
    return [
      throughput(standalone.requestsPerSecond, "same router, stock tRPC standalone adapter + superjson", 0.8),
      {
        name: "  request logging at info (kit with logs vs silenced)",
        unit: "req/s",
        ours: rpc.requestsPerSecond,
        baseline: silenced.requestsPerSecond,
        baselineName: "the same kit with logging silenced",
        higherIsBetter: true,
        target: 0.9,
      },
      throughput(bareTrpc.requestsPerSecond, "same router, stock tRPC on express"),
      throughput(bare.requestsPerSecond, "bare express route, same JSON"),
      {
        name: "tRPC query p99 latency",
        unit: "ms",
        ours: rpc.latencyP99Ms,
        baseline: standalone.latencyP99Ms,
        baselineName: "same router, stock tRPC standalone adapter + superjson",
        higherIsBetter: false,
      },
    ];
  } finally {
    await server.stop();
  }
}
