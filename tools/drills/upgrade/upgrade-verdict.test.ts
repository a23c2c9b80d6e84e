import { describe, expect, it } from "vitest";
import { upgradeProblems, type UpgradeObservations } from "./upgrade-verdict";

const run = (...migrated: string[]) => ({ lines: [], migrated });

const clean: UpgradeObservations = {
  oldMigrations: ["0001_a", "0002_b"],
  newMigrations: ["0001_a", "0002_b", "0003_c"],
  built: run("0001_a", "0002_b"),
  upgrade: run("0003_c"),
  replay: run(),
  load: { sent: 40, failed: 0, failuresByCode: {}, writesAcknowledged: 20 },
  writesFound: 20,
};

describe("upgradeProblems", () => {
  it("finds none in an upgrade that applied each list once, failed nothing and lost nothing", () => {
    expect(upgradeProblems(clean)).toEqual([]);
  });

  it("names every way an upgrade falls short", () => {
    const problems = upgradeProblems({
      ...clean,
      built: run("0001_a"),
      upgrade: run(),
      replay: run("0002_b"),
      load: { sent: 40, failed: 3, failuresByCode: { INTERNAL_SERVER_ERROR: 3 }, writesAcknowledged: 20 },
      writesFound: 18,
    });
    expect(problems).toEqual([
      "the previous release's migrator applied 1 of its 2",
      "expected 0003_c to be applied, got none",
      "the previous release's migrator, run again, applied 0002_b",
      '3 requests failed: {"INTERNAL_SERVER_ERROR":3}',
      "2 acknowledged writes missing",
    ]);
  });

  it("refuses to pass a load that acknowledged no write", () => {
    const idle = { ...clean, load: { ...clean.load, writesAcknowledged: 0 }, writesFound: 0 };
    expect(upgradeProblems(idle)).toEqual(["no write was acknowledged, so none could be checked"]);
  });
});
