import { SERVICE_NAMES } from "@cauldron/config";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DrillResult } from "../drill-result";
import { seedOrganizations } from "../load/seed-organizations";
import { startSteadyLoad } from "../load/steady-load";
import { verifyLedger } from "../load/verify-ledger";
import type { PrivateStack } from "../stack/private-stack";
import { startReplicaSet } from "../stack/replica-set";
import { REPO_ROOT } from "../stack/stack-script";
import { runExpandContractDrill } from "./expand-contract";

export interface UpgradeDrillOptions {
  stack: PrivateStack;
  /** The first port of the upgrade's own replicas and proxies. */
  basePort: number;
  requestsPerSecond: number;
  /** Load before the new migrations apply, after them, and after the roll to the new code. */
  phaseMs: number;
  onProgress?: (line: string) => void;
}

/**
 * Scenario 4 on the whole platform: two replicas of every service of the previous release serve a
 * steady load from a database of its own in the drill's cluster; this checkout's migrations apply
 * meanwhile; then every replica rolls, one at a time, to this checkout's code, still under load.
 */
export async function runUpgradeDrill(options: UpgradeDrillOptions): Promise<DrillResult> {
  const { stack, onProgress } = options;
  const result = await runExpandContractDrill({
    repoRoot: REPO_ROOT,
    workDir: await mkdtemp(join(tmpdir(), "cauldron-upgrade-drill-")),
    cluster: { admin: stack.urls.admin, owner: stack.urls.owner, app: stack.urls.app },
    startServices: async ({ codeDir, database }) => {
      const replicas = await startReplicaSet({
        stack,
        services: SERVICE_NAMES,
        replicas: 2,
        basePort: options.basePort,
        env: { DATABASE_URL: database.appUrl },
        launch: { source: codeDir },
        onProgress,
      });
      return {
        urls: replicas.urls,
        stop: () => replicas.stop(),
        roll: async (nextCodeDir: string) => {
          for (const service of SERVICE_NAMES) {
            for (let index = 0; index < replicas.replicaUrls[service].length; index += 1) {
              await replicas.restartReplica(service, index, { source: nextCodeDir });
            }
          }
        },
      };
    },
    runLoad: async (services, database) => {
      const organizations = await seedOrganizations({
        urls: services.urls,
        systemDatabaseUrl: database.ownerUrl,
        count: 2,
        onProgress,
      });
      return startSteadyLoad({
        urls: services.urls,
        organizations,
        requestsPerSecond: options.requestsPerSecond,
        onProgress,
      });
    },
    verify: async (report, database) => {
      const verification = await verifyLedger(report.ledger, {
        systemDatabaseUrl: database.ownerUrl,
        objectStoreDir: stack.objectStoreDir,
      });
      return Object.values(verification.byKind).reduce((sum, kind) => sum + kind.found, 0);
    },
    loadBeforeMigrationMs: options.phaseMs,
    loadAfterMigrationMs: options.phaseMs,
    onProgress,
  });
  if (result.skipped !== undefined) return { ...result, notes: [`not run: ${result.skipped}`] };
  return result;
}
