import type { BenchFigure } from "../bench-report";
import { measureThroughput } from "../measure-throughput";
import { spawnBenchServer } from "../spawn-bench-server";

/**
 * Requests/s of a tRPC query through the server kit vs a bare express route returning the same
 * JSON, and vs the same tRPC router on express without the kit (what the kit itself costs).
 */
export async function benchRpcOverhead(seconds: number): Promise<BenchFigure[]> {
  const server = await spawnBenchServer<{ rpcUrl: string; bareUrl: string; bareTrpcUrl: string }>(
    "tools/bench/servers/rpc-and-bare-express.ts",
  );
  try {
    await measureThroughput(server.urls.rpcUrl, { seconds: 1 });
    await measureThroughput(server.urls.bareUrl, { seconds: 1 });
    const rpc = await measureThroughput(server.urls.rpcUrl, { seconds });
    const bare = await measureThroughput(server.urls.bareUrl, { seconds });
    const bareTrpc = await measureThroughput(server.urls.bareTrpcUrl, { seconds });
    if (rpc.errors > 0 || bare.errors > 0 || bareTrpc.errors > 0) {
      throw new Error(`requests failed during the run (rpc ${rpc.errors}, bare ${bare.errors}, tRPC ${bareTrpc.errors})`);
    }
    return [
      {
        name: "tRPC query through the server kit",
        unit: "req/s",
        ours: rpc.requestsPerSecond,
        baseline: bare.requestsPerSecond,
        baselineName: "bare express route, same JSON",
        higherIsBetter: true,
      },
      {
        name: "tRPC query through the server kit",
        unit: "req/s",
        ours: rpc.requestsPerSecond,
        baseline: bareTrpc.requestsPerSecond,
        baselineName: "same router, tRPC on express, no kit",
        higherIsBetter: true,
      },
      {
        name: "tRPC query p99 latency",
        unit: "ms",
        ours: rpc.latencyP99Ms,
        baseline: bare.latencyP99Ms,
        baselineName: "bare express route, same JSON",
        higherIsBetter: false,
      },
    ];
  } finally {
    await server.stop();
  }
}
