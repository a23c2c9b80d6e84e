import { megabytesPerSecond, progress } from "./storage-bench-settings";

/** One side of a measurement: does its work once and answers the seconds it took. */
export type TimedSide = (round: number) => Promise<number>;

/** Seconds `work` took to settle. */
export async function secondsOf(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/**
 * Runs every side once per round, in the order given, the same order every round, so load that
 * comes and goes on a shared machine weighs on every side alike; answers each side's seconds.
 * `rate` says what a turn's seconds mean (MB/s, objects/s) in the progress lines.
 */
export async function runInTurns<Key extends string>(
  rounds: number,
  sides: Record<Key, TimedSide>,
  rate: (key: Key, seconds: number) => string,
): Promise<Record<Key, number[]>> {
  const keys = Object.keys(sides) as Key[];
  const seconds = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<Key, number[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (const key of keys) {
      const taken = await sides[key](round);
      seconds[key].push(taken);
      progress(`round ${round + 1}/${rounds}: ${key} ${taken.toFixed(2)} s, ${rate(key, taken)}`);
    }
  }
  return seconds;
}

/** The fastest of a side's turns: the one least disturbed by other work on the machine. */
export const fastest = (seconds: number[]) => Math.min(...seconds);

/**
 * Runs transfers of `bytes` each in turns and answers each side's best rate in MB/s (the fastest
 * turn), printing every turn's rate as it goes.
 */
export async function bestTransferRates<Key extends string>(
  rounds: number,
  bytes: number,
  sides: Record<Key, TimedSide>,
): Promise<(key: Key) => number> {
  const seconds = await runInTurns(
    rounds,
    sides,
    (_key, taken) => `${megabytesPerSecond(bytes, taken).toFixed(0)} MB/s`,
  );
  return (key) => megabytesPerSecond(bytes, fastest(seconds[key]));
}
