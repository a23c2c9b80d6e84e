import autocannon from "autocannon";

export interface ThroughputResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
}

/** Drives one URL with keep-alive connections for a fixed time and reports throughput and latency. */
export async function measureThroughput(
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<ThroughputResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 32,
    duration: options.seconds ?? 5,
    headers: options.headers,
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/**
 * Drives several URLs in turns (`rounds` turns of `seconds / rounds` each, in the same order every
 * round) and reports each URL's figures over all its turns, so a load that comes and goes on a
 * shared machine weighs on every side alike. Latency percentiles are the median of the turns'.
 */
export async function measureThroughputInTurns<Key extends string>(
  urls: Record<Key, string>,
  options: { seconds: number; rounds?: number; headers?: Record<string, string> },
): Promise<Record<Key, ThroughputResult>> {
  const rounds = options.rounds ?? 4;
  const turns = new Map<Key, ThroughputResult[]>();
  for (let round = 0; round < rounds; round += 1) {
    for (const [key, url] of Object.entries(urls) as [Key, string][]) {
      const turn = await measureThroughput(url, {
        seconds: Math.max(1, options.seconds / rounds),
        headers: options.headers,
      });
      turns.set(key, [...(turns.get(key) ?? []), turn]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const combined = {} as Record<Key, ThroughputResult>;
  for (const [key, results] of turns) {
    combined[key] = {
      requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0) / results.length,
      latencyP50Ms: median(results.map((result) => result.latencyP50Ms)),
      latencyP99Ms: median(results.map((result) => result.latencyP99Ms)),
      errors: results.reduce((sum, result) => sum + result.errors, 0),
    };
  }
  return combined;
}
