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
  const at = (quantile: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * quantile))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), calls: samples.length };
}
