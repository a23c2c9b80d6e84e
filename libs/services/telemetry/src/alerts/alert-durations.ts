import { parseBucketSeconds } from "@cauldron/contracts";

const UNITS: readonly [seconds: number, name: string][] = [
  [604_800, "week"],
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** The seconds of a duration the contract already accepted ('5 minutes', '0s'). */
export function durationSeconds(text: string): number {
  const seconds = parseBucketSeconds(text);
  if (seconds === undefined) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return seconds;
}

/** A duration in its plainest whole unit: 300 is '5 minutes', 90 is '90 seconds', 0 is '0 seconds'. */
export function formatDuration(seconds: number): string {
  const [unit, name] = UNITS.find(([size]) => seconds !== 0 && seconds % size === 0) ?? [1, "second"];
  const count = seconds / unit;
  return `${count} ${name}${count === 1 ? "" : "s"}`;
}
