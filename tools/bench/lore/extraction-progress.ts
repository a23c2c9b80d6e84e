import type { LoreBenchStack } from "./lore-bench-stack";

const POLL_MS = 500;
const PROGRESS_EVERY_MS = 5_000;
const GIVE_UP_MS = 600_000;

/**
 * Waits until lore's entity extraction has handled every chunk part published so far, so the
 * next measurement starts on a quiet machine; returns the seconds waited.
 */
export async function waitUntilExtracted(stack: LoreBenchStack, progress: (text: string) => void): Promise<number> {
  const started = performance.now();
  let reported = started;
  while (!(await stack.extractionDrained())) {
    const now = performance.now();
    if (now - started > GIVE_UP_MS) throw new Error(`entity extraction was still busy after ${GIVE_UP_MS / 1000} s`);
    if (now - reported >= PROGRESS_EVERY_MS) {
      reported = now;
      progress(`entity extraction still working (${((now - started) / 1000).toFixed(0)} s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return (performance.now() - started) / 1000;
}
