/** Where progress lines go: a terminal, a drill's log, a test's array. */
export type ProgressSink = (line: string) => void;

const COUNT_EVERY_MS = 1_000;

/** Counts work inside a step and says how far it got, at most once a second and once at the end. */
export interface ProgressCounter {
  add(amount?: number): void;
  finish(): void;
}

/** Numbered steps (`backup step 2/6: …`) with notes and throttled counters beneath them. */
export interface StepProgress {
  step(title: string): void;
  note(text: string): void;
  counter(describe: (done: number) => string): ProgressCounter;
}

/** Progress lines for a command of `total` steps, each starting with `label`. */
export function createStepProgress(label: string, total: number, sink: ProgressSink = () => undefined): StepProgress {
  let current = 0;
  const note = (text: string) => sink(`${label}   ${text}`);
  return {
    step(title) {
      current += 1;
      sink(`${label} step ${current}/${total}: ${title}`);
    },
    note,
    counter(describe) {
      let done = 0;
      let saidAt = Date.now();
      return {
        add(amount = 1) {
          done += amount;
          if (Date.now() - saidAt < COUNT_EVERY_MS) return;
          saidAt = Date.now();
          note(describe(done));
        },
        finish: () => note(describe(done)),
      };
    },
  };
}

/** A byte count for people: 1.5 MB, 820 kB, 12 B. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
