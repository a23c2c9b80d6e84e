import { startDrillPlatform } from "./drill-platform";
import { renderDrillTable, type DrillResult } from "./drill-result";
import { runPostgresRestartDrill } from "./scenarios/postgres-restart";
import { runRedisRestartDrill } from "./scenarios/redis-restart";
import { runRollingRestartDrill } from "./scenarios/rolling-restart";

// Above Linux's ephemeral range (32768-60999), so no test's or client's socket can hold them.
const PORTS = { postgres: 61432, redis: 63832, services: 4200 };
const LOAD = { requestsPerSecond: 40, steadyMs: 10_000, recoveryMs: 5_000 };

const say = (line: string) => process.stdout.write(`[drills] ${line}\n`);

const platform = await startDrillPlatform({
  name: "drills",
  ports: PORTS,
  replicas: 2,
  organizations: 4,
  onProgress: say,
});
const results: DrillResult[] = [];
try {
  say("[1/3] rolling restart");
  results.push(await runRollingRestartDrill(platform, { ...LOAD, onProgress: say }));
  say("[2/3] redis restart");
  results.push(await runRedisRestartDrill(platform, { ...LOAD, outageMs: 5_000, onProgress: say }));
  say("[3/3] postgres restart");
  results.push(
    await runPostgresRestartDrill(platform, { ...LOAD, outageMs: 5_000, failFastWithinMs: 6_000, onProgress: say }),
  );
} finally {
  await platform.stop();
}
process.stdout.write(`\n${renderDrillTable(results)}\n`);
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
