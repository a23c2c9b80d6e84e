import type { MigratorRun } from "./migrator-process";

/** What an upgrade drill reads from a load's report; the steady load's report has it all. */
export interface LoadSummary {
  sent: number;
  failed: number;
  failuresByCode: Record<string, number>;
  writesAcknowledged: number;
}

/** What happened during one upgrade from the previous release, as the drill saw it. */
export interface UpgradeObservations {
  oldMigrations: readonly string[];
  newMigrations: readonly string[];
  /** The previous release's migrator on the empty database. */
  built: MigratorRun;
  /** This checkout's migrator while the previous release served. */
  upgrade: MigratorRun;
  /** The previous release's migrator again, on the new schema. */
  replay: MigratorRun;
  load: LoadSummary;
  writesFound: number;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, index) => b[index] === name);

/** Everything that keeps the upgrade from passing; empty when it passed. */
export function upgradeProblems(seen: UpgradeObservations): string[] {
  const added = seen.newMigrations.slice(seen.oldMigrations.length);
  const { load } = seen;
  const problems: string[] = [];
  if (!sameList(seen.built.migrated, seen.oldMigrations)) {
    problems.push(
      `the previous release's migrator applied ${seen.built.migrated.length} of its ${seen.oldMigrations.length}`,
    );
  }
  if (!sameList(seen.upgrade.migrated, added)) {
    problems.push(`expected ${added.join(", ")} to be applied, got ${seen.upgrade.migrated.join(", ") || "none"}`);
  }
  if (seen.replay.migrated.length > 0) {
    problems.push(`the previous release's migrator, run again, applied ${seen.replay.migrated.join(", ")}`);
  }
  if (load.failed > 0) problems.push(`${load.failed} requests failed: ${JSON.stringify(load.failuresByCode)}`);
  if (load.writesAcknowledged === 0) problems.push("no write was acknowledged, so none could be checked");
  if (seen.writesFound !== load.writesAcknowledged) {
    problems.push(`${load.writesAcknowledged - seen.writesFound} acknowledged writes missing`);
  }
  return problems;
}
