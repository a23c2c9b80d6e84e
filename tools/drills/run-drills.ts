import { startDrillPlatform } from "./drill-platform";
import { renderDrillTable, type DrillResult } from "./drill-result";
import { startSteadyLoad } from "./load/steady-load";
import { runBackupRestoreDrill } from "./scenarios/backup-restore";
import { runDeadLetterDrill } from "./scenarios/dead-letter";
import { deadLetterDrillRow } from "./scenarios/dead-letter-row";
import { runPostgresRestartDrill } from "./scenarios/postgres-restart";
import { runRedisRestartDrill } from "./scenarios/redis-restart";
import { runRollingRestartDrill } from "./scenarios/rolling-restart";
import { runUpgradeDrill } from "./scenarios/upgrade-under-load";
import { startPrivateStack } from "./stack/private-stack";

// Above Linux's ephemeral range (32768-60999), so no test's or client's socket can hold them.
const PORTS = { postgres: 61432, redis: 63832, services: 4200, upgradeServices: 4250 };
const RESTORE_PORTS = { postgres: 61433, redis: 63833 };
const LOAD = { requestsPerSecond: 20, steadyMs: 10_000, recoveryMs: 5_000 };
const OUTAGE_MS = 5_000;

const say = (line: string) => process.stdout.write(`[drills] ${line}\n`);

const platform = await startDrillPlatform({
  name: "drills",
  ports: PORTS,
  replicas: 2,
  organizations: 4,
  onProgress: say,
});
const results: DrillResult[] = [];
const started = Date.now();
const scenario = async (step: number, name: string, run: () => Promise<DrillResult>) => {
  say(`[${step}/6] ${name}`);
  const result = await run();
  say(`[${step}/6] ${name}: ${result.ok ? "passed" : "FAILED"}`);
  results.push(result);
};
try {
  await scenario(1, "rolling restart", () => runRollingRestartDrill(platform, { ...LOAD, onProgress: say }));
  await scenario(2, "redis restart", () =>
    runRedisRestartDrill(platform, { ...LOAD, outageMs: OUTAGE_MS, onProgress: say }),
  );
  await scenario(3, "postgres restart", () =>
    runPostgresRestartDrill(platform, { ...LOAD, outageMs: OUTAGE_MS, failFastWithinMs: 6_000, onProgress: say }),
  );
  await scenario(4, "backup and restore", async () => {
    const target = await startPrivateStack({
      name: "drills-restore",
      postgresPort: RESTORE_PORTS.postgres,
      redisPort: RESTORE_PORTS.redis,
      onProgress: say,
    });
    try {
      const load = startSteadyLoad({
        urls: platform.replicas.urls,
        organizations: platform.organizations,
        requestsPerSecond: LOAD.requestsPerSecond,
        onProgress: say,
      });
      return await runBackupRestoreDrill({
        source: platform.stack,
        target,
        load,
        warmUpMs: LOAD.steadyMs,
        onProgress: say,
      });
    } finally {
      await target.destroy();
    }
  });
  // The next scenarios bring their own services, consumers and database onto the same cluster.
  await platform.replicas.stop();
  await scenario(5, "expand/contract upgrade", () =>
    runUpgradeDrill({
      stack: platform.stack,
      basePort: PORTS.upgradeServices,
      requestsPerSecond: LOAD.requestsPerSecond,
      phaseMs: LOAD.steadyMs,
      onProgress: say,
    }),
  );
  await scenario(6, "dead letters", async () =>
    deadLetterDrillRow(
      await runDeadLetterDrill({
        redisUrl: platform.stack.urls.redis,
        databaseUrl: platform.stack.urls.app,
        onProgress: say,
      }),
    ),
  );
} finally {
  await platform.stop();
}
process.stdout.write(
  `\n${renderDrillTable(results)}\n\ndrills finished in ${Math.round((Date.now() - started) / 1000)} s\n`,
);
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
