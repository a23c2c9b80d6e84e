export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  calls: number;
}

/** p50 and p99 milliseconds of `call`, run back to back for `seconds` after some untimed warm-up calls. */
export async function measureLatency(
  seconds: number,
  call: () => Promise<unknown>,
  options: { warmupCalls: number },
): Promise<LatencyResult> {
  for (let warmup = 0; warmup < options.warmupCalls; warmup += 1) await call();
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * quantile))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), calls: samples.length };
}

/**
 * Times several calls in turns (`rounds` turns each, in the same order every round), so a load
 * that comes and goes on a shared machine weighs on every side alike; each figure is the median of
 * that call's turns.
 */
export async function measureLatencyInTurns<Key extends string>(
  seconds: number,
  calls: Record<Key, () => Promise<unknown>>,
  options: { warmupCalls: number; rounds?: number },
): Promise<Record<Key, LatencyResult>> {
  const rounds = options.rounds ?? 8;
  const turns = new Map<Key, LatencyResult[]>();
  for (let round = 0; round < rounds; round += 1) {
    for (const [key, call] of Object.entries(calls) as [Key, () => Promise<unknown>][]) {
      const warmupCalls = round === 0 ? options.warmupCalls : 0;
      const turn = await measureLatency(seconds / rounds, call, { warmupCalls });
      turns.set(key, [...(turns.get(key) ?? []), turn]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const combined = {} as Record<Key, LatencyResult>;
  for (const [key, results] of turns) {
    combined[key] = {
      p50Ms: median(results.map((result) => result.p50Ms)),
      p99Ms: median(results.map((result) => result.p99Ms)),
      calls: results.reduce((sum, result) => sum + result.calls, 0),
    };
  }
  return combined;
}
