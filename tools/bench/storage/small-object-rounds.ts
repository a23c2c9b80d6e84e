import type { BenchFigure } from "../bench-report";
import { forEachInFlight } from "./bounded-concurrency";
import { fastest, secondsOf, type TimedSide } from "./in-turns";
import { progress } from "./storage-bench-settings";

/** Objects in flight at once, as a busy client or a sync tool keeps them. */
export const IN_FLIGHT = 16;
/** Objects per list page and per bulk delete: the most one Supabase or S3 call takes. */
export const PER_CALL = 1_000;

/** Where small objects are created, listed and deleted: the API, or the baseline's own store. */
export interface SmallObjectStore {
  create(name: string, body: Buffer): Promise<void>;
  /** Lists every object in `folder`, page after page; answers how many. */
  list(folder: string): Promise<number>;
  /** Deletes the named objects, with IN_FLIGHT calls at once; answers how many went. */
  remove(names: string[]): Promise<number>;
}

/**
 * Creating `count` objects of `body` in a fresh folder per round (IN_FLIGHT at once), listing
 * them all, then deleting them all, as three sides of a measurement; each checks its count.
 */
export function smallObjectSides(store: SmallObjectStore, count: number, body: Buffer) {
  const folderOf = (round: number) => `round-${round + 1}`;
  const namesOf = (round: number) =>
    Array.from({ length: count }, (_, index) => `${folderOf(round)}/object-${String(index).padStart(6, "0")}.bin`);
  const expect = (what: string, found: number) => {
    if (found !== count) throw new Error(`${what} ${found} objects of ${count}`);
  };
  const sides: Record<"create" | "list" | "delete", TimedSide> = {
    create: (round) =>
      secondsOf(() =>
        forEachInFlight(namesOf(round), IN_FLIGHT, async (name, index) => {
          await store.create(name, body);
          // Only a pass long enough to look hung reports its progress.
          if (count >= 1_000 && (index + 1) % Math.ceil(count / 5) === 0)
            progress(`  created ${(index + 1).toLocaleString("en-US")} of ${count.toLocaleString("en-US")}`);
        }),
      ),
    list: async (round) => {
      let found = 0;
      const seconds = await secondsOf(async () => (found = await store.list(folderOf(round))));
      expect("listed", found);
      return seconds;
    },
    delete: async (round) => {
      let removed = 0;
      const seconds = await secondsOf(async () => (removed = await store.remove(namesOf(round))));
      expect("deleted", removed);
      return seconds;
    },
  };
  return sides;
}

/** Objects per second of each operation, ours (the fastest turn) beside the baseline's; no target is set. */
export function smallObjectFigures(
  label: string,
  count: number,
  seconds: Record<"create" | "list" | "delete", { ours: number[]; baseline: number[] }>,
  baselineNames: Record<"create" | "list" | "delete", string>,
): BenchFigure[] {
  const described = {
    create: `create (upload ${IN_FLIGHT} at once)`,
    list: `list (pages of ${PER_CALL})`,
    delete: `delete (bulk, ${PER_CALL} per call)`,
  };
  return (["create", "list", "delete"] as const).map((operation) => ({
    name: `${operation === "create" ? "" : "  "}${label}: ${described[operation]}`,
    unit: "objects/s",
    ours: count / fastest(seconds[operation].ours),
    baseline: count / fastest(seconds[operation].baseline),
    baselineName: baselineNames[operation],
    higherIsBetter: true,
  }));
}
