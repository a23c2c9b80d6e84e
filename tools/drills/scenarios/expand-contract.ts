import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { DrillResult } from "../drill-result";
import {
  createBootstrappedDatabase,
  type BootstrappedDatabase,
  type ClusterUrls,
} from "../upgrade/bootstrapped-database";
import { runMigrator } from "../upgrade/migrator-process";
import { preparePreviousRelease } from "../upgrade/previous-release";
import { PreviousReleaseUnavailable } from "../upgrade/release-history";
import { upgradeProblems, type LoadSummary } from "../upgrade/upgrade-verdict";

export type { LoadSummary };

/** Services started from one tree; `roll` restarts them, one replica at a time, on another tree's code. */
export interface ServicesUnderUpgrade {
  roll?(codeDir: string): Promise<void>;
  stop(): Promise<void>;
}

/** The code to serve and the database it serves from. */
export interface ReleaseToServe {
  codeDir: string;
  database: BootstrappedDatabase;
}

export interface ExpandContractOptions<S extends ServicesUnderUpgrade, R extends LoadSummary> {
  repoRoot: string;
  /**
   * A missing or empty folder for the previous release's tree, deleted afterwards. Outside the
   * checkout (under os.tmpdir()), so Node finds nothing of the checkout's by walking up from it.
   */
  workDir: string;
  /** The cluster in which the drill makes (and drops) a database of its own. */
  cluster: ClusterUrls;
  startServices(release: ReleaseToServe): Promise<S>;
  runLoad(services: S, database: BootstrappedDatabase): { stop(): Promise<R> } | Promise<{ stop(): Promise<R> }>;
  /** How many of the report's acknowledged writes are in the database. */
  verify(report: R, database: BootstrappedDatabase): Promise<number>;
  loadBeforeMigrationMs?: number;
  loadAfterMigrationMs?: number;
  onProgress?: (line: string) => void;
}

/** A drill row, or why the drill could not run here (never a pass). */
export type ExpandContractResult = DrillResult & { skipped?: string };

const SCENARIO = "expand/contract";

const timingSchema = z.object({
  loadBeforeMigrationMs: z.number().int().min(0).default(5_000),
  loadAfterMigrationMs: z.number().int().min(0).default(5_000),
});

/**
 * Scenario 4: the previous release's migrator builds its schema and its code serves under load;
 * the checkout's migrator applies the new migrations meanwhile; optionally the services roll to
 * the new code. Passes with no failed request, every acknowledged write found, and the previous
 * release's migrator finding nothing to do on the new schema (a redeploy of it is safe).
 */
export async function runExpandContractDrill<S extends ServicesUnderUpgrade, R extends LoadSummary>(
  options: ExpandContractOptions<S, R>,
): Promise<ExpandContractResult> {
  const timing = timingSchema.parse(options);
  const onProgress = options.onProgress ?? (() => {});
  // DRILL_UPGRADE_FROM names the release to upgrade from (the one running in production, say).
  const from = process.env.DRILL_UPGRADE_FROM || undefined;
  const release = await preparePreviousRelease({
    repoRoot: options.repoRoot,
    dir: options.workDir,
    from,
    onProgress,
  }).catch((error: unknown) => {
    if (error instanceof PreviousReleaseUnavailable) return error;
    throw error;
  });
  if (release instanceof PreviousReleaseUnavailable) {
    onProgress(`skipped: ${release.message}`);
    return { ...emptyRow(), ok: false, skipped: release.message, notes: [`skipped: ${release.message}`] };
  }
  const cleanup: (() => Promise<unknown>)[] = [release.dispose];
  try {
    const database = await createBootstrappedDatabase(options.cluster);
    cleanup.unshift(database.drop);
    const migrate = (codeDir: string) =>
      runMigrator({
        codeDir,
        ownerUrl: database.ownerUrl,
        args: ["up"],
        onProgress: (line) => onProgress(`  ${line}`),
      });
    onProgress(`migrating ${database.name} with the previous release's migrator`);
    const built = await migrate(release.codeDir);
    const services = await options.startServices({ codeDir: release.codeDir, database });
    cleanup.unshift(() => services.stop());
    const load = await options.runLoad(services, database);
    let stopping: Promise<R> | undefined;
    const stopLoad = () => (stopping ??= load.stop());
    cleanup.unshift(stopLoad);
    await sleep(timing.loadBeforeMigrationMs);

    onProgress("applying this checkout's migrations while the previous release serves");
    const started = Date.now();
    const upgrade = await migrate(options.repoRoot);
    const migrationMs = Date.now() - started;
    await sleep(timing.loadAfterMigrationMs);
    if (services.roll) {
      onProgress("rolling the services to this checkout's code");
      await services.roll(options.repoRoot);
      await sleep(timing.loadAfterMigrationMs);
    }
    const report = await stopLoad();
    onProgress("running the previous release's migrator again, as redeploying it would");
    const replay = await migrate(release.codeDir);
    const writesFound = await options.verify(report, database);
    onProgress(
      `${report.sent} requests sent, ${report.failed} failed; ${writesFound} of ${report.writesAcknowledged} acknowledged writes found`,
    );

    const added = release.newMigrations.slice(release.oldMigrations.length);
    const problems = upgradeProblems({ ...release, built, upgrade, replay, load: report, writesFound });
    return {
      scenario: SCENARIO,
      requestsSent: report.sent,
      requestsFailed: report.failed,
      writesAcknowledged: report.writesAcknowledged,
      writesFound,
      ok: problems.length === 0,
      notes: [
        `from ${release.summary}`,
        `${added.join(", ")} applied in ${migrationMs} ms while the previous release served`,
        ...(services.roll ? ["services rolled to this checkout's code under load"] : []),
        ...release.warnings,
        ...problems,
      ],
    };
  } finally {
    for (const step of cleanup) {
      await step().catch((error: unknown) => onProgress(`cleanup failed: ${String(error)}`));
    }
  }
}

function emptyRow(): DrillResult {
  return {
    scenario: SCENARIO,
    requestsSent: 0,
    requestsFailed: 0,
    writesAcknowledged: 0,
    writesFound: 0,
    ok: false,
    notes: [],
  };
}
