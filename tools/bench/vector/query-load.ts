/** One way of answering a query, per concurrent lane (its own client or connection). */
export type Lane<T> = (position: number) => Promise<T>;

/** How one side did over every query. */
export interface LoadResult<T> {
  /** Each query's answer, by position. */
  answers: T[];
  queriesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  calls: number;
  /** Share of the side's time this process's event loop was busy (it hosts the service and its clients). */
  eventLoopBusy: number;
  /** CPU time this process spent per query on the side (user and system), in milliseconds. */
  cpuMsPerQuery: number;
}

async function runChunk<T>(lanes: Lane<T>[], from: number, to: number, answers: T[], latencies: number[]) {
  let next = from;
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (let position = next++; position < to; position = next++) {
        const sent = performance.now();
        answers[position] = await lane(position);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const loop = performance.eventLoopUtilization(loopBefore);
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: performance.now() - started, busyMs: loop.active, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

/**
 * Answers the same `count` queries on every side, each with as many concurrent lanes as it has
 * (one query at a time per lane), after `warmup` untimed queries per side. The queries go in
 * `chunks` turns, side after side each turn, so a load that comes and goes on a shared machine
 * weighs on every side alike. Throughput is queries over the sum of the side's turns.
 */
export async function answerOnEverySide<Key extends string, T>(
  count: number,
  sides: Record<Key, Lane<T>[]>,
  options: { warmup: number; chunks: number },
): Promise<Record<Key, LoadResult<T>>> {
  const entries = Object.entries(sides) as [Key, Lane<T>[]][];
  const state = new Map(
    entries.map(([key]) => [key, { answers: [] as T[], latencies: [] as number[], ms: 0, busyMs: 0, cpuMs: 0 }]),
  );
  for (const [, lanes] of entries) await runChunk(lanes, 0, Math.min(options.warmup, count), [], []);
  const size = Math.ceil(count / options.chunks);
  for (let from = 0; from < count; from += size) {
    for (const [key, lanes] of entries) {
      const side = state.get(key)!;
      const turn = await runChunk(lanes, from, Math.min(count, from + size), side.answers, side.latencies);
      side.ms += turn.ms;
      side.busyMs += turn.busyMs;
      side.cpuMs += turn.cpuMs;
    }
  }
  const result = {} as Record<Key, LoadResult<T>>;
  for (const [key, side] of state) {
    const sorted = [...side.latencies].sort((a, b) => a - b);
    result[key] = {
      answers: side.answers,
      queriesPerSecond: (count / side.ms) * 1000,
      p50Ms: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      calls: sorted.length,
      eventLoopBusy: side.busyMs / side.ms,
      cpuMsPerQuery: side.cpuMs / count,
    };
  }
  return result;
}
