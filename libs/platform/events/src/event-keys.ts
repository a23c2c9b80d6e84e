/** The Redis keys events use, all under one prefix so environments and tests stay apart. */
export interface EventKeys {
  stream: string;
  deadLetter: string;
}

/** Builds the event keys under `prefix` (e.g. "cauldron:" in production, a random prefix per test file). */
export function eventKeys(prefix = "cauldron:"): EventKeys {
  return {
    stream: `${prefix}events`,
    deadLetter: `${prefix}events:dead-letter`,
  };
}
