import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from "@cauldron/config";
// A throwaway database cloned from the migrated template, so the run touches no one's data.
import { createTestDatabase } from "@cauldron/testing";
import type { BenchFigure } from "../bench-report";
import { waitUntilReady, type ServiceProcess } from "../../start/service-processes";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

// Off the ports `npm start` uses, so a running platform does not collide with the bench's.
const PORT_OFFSET = 300;
// Linux reports process times in clock ticks of 1/100 s on every architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (user + system), from /proc/<pid>/stat. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name may contain spaces; fields are counted from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Spawns a service the way `npm start` does (node --import tsx apps/<name>/src/main.ts), its logs drained. */
function spawnIdleService(name: ServiceName, env: NodeJS.ProcessEnv): ServiceProcess {
  const port = SERVICE_PORTS[name] + PORT_OFFSET;
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${name}/src/main.ts`], {
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", () => undefined);
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, url: `http://127.0.0.1:${port}`, child, exited };
}

/** An idle Node process; through tsx it is loaded the way `npm start` loads the services. */
function spawnIdleNode(throughTsx: boolean): { child: ChildProcess; exited: Promise<unknown> } {
  const loader = throughTsx ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, "-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
  return { child, exited: new Promise((resolve) => child.once("exit", resolve)) };
}

/** Percent of one core each pid used over `seconds`, measured side by side. */
async function measureCpu(pids: number[], seconds: number): Promise<number[]> {
  const before = await Promise.all(pids.map(cpuSecondsOf));
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const after = await Promise.all(pids.map(cpuSecondsOf));
  const elapsed = (performance.now() - startedAt) / 1_000;
  return pids.map((_, index) => ((after[index]! - before[index]!) / elapsed) * 100);
}

/**
 * CPU the six services use with no requests and their default workers running (outbox relay,
 * consumers, leader-elected jobs), measured from /proc over `seconds` after they settle, beside
 * six idle Node processes and six loaded through tsx (as `npm start` loads the services), all
 * measured over the same window, so what is left is the services' own idle work.
 */
export async function benchIdleCpu(seconds: number, settleSeconds = 10): Promise<BenchFigure[]> {
  progress("cloning a database from the migrated template");
  const database = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    DATABASE_URL: database.appUrl,
    AUTH_JWKS_URL: `http://127.0.0.1:${SERVICE_PORTS.auth + PORT_OFFSET}/.well-known/jwks.json`,
  };
  const services = SERVICE_NAMES.map((name) => spawnIdleService(name, env));
  const idle = [...SERVICE_NAMES.map(() => spawnIdleNode(false)), ...SERVICE_NAMES.map(() => spawnIdleNode(true))];
  try {
    await Promise.all(services.map((service) => waitUntilReady(service, 180_000)));
    progress(`six services ready; letting them settle for ${settleSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1_000));
    progress(`measuring CPU over ${seconds} s`);
    const pids = [...services, ...idle].map(({ child }) => child.pid!);
    const usage = await measureCpu(pids, seconds);
    const ours = usage.slice(0, services.length);
    const bareNode = usage.slice(services.length, services.length * 2);
    const throughTsx = usage.slice(services.length * 2);
    for (const [index, service] of services.entries()) {
      progress(`${service.name.padEnd(10)} ${ours[index]!.toFixed(2)} % of one core`);
    }
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return [
      {
        name: "six idle services, CPU",
        unit: "% core",
        ours: sum(ours),
        baseline: sum(bareNode),
        baselineName: "six idle node processes",
        higherIsBetter: false,
        compare: "difference",
        // Six services together under 3% of one core.
        target: 3,
      },
      {
        // What the services' own work costs beyond the loader `npm start` runs them under.
        name: "six idle services, CPU",
        unit: "% core",
        ours: sum(ours),
        baseline: sum(throughTsx),
        baselineName: "six idle node processes loaded through tsx",
        higherIsBetter: false,
        compare: "difference",
      },
    ];
  } finally {
    for (const { child } of [...services, ...idle]) child.kill("SIGTERM");
    await Promise.all([...services.map((service) => service.exited), ...idle.map((process) => process.exited)]);
    await database.destroy();
  }
}
