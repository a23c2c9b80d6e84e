import { evaluateDueRules } from "@cauldron/service-telemetry";
import { startTelemetryTestKit, type TelemetryTestKit } from "@cauldron/service-telemetry/testing";
import { createTestPeople, type TestOrganization } from "@cauldron/testing";
import type { BenchFigure } from "../bench-report";
import { residentMegabytes, startPeakMemory } from "../vector/peak-memory";
import { windowAggregates } from "./alert-rules-baseline";
import { checkFirstPass, checkRecordedAlerts, checkSteadyPass, checkWindowAggregates } from "./alert-rules-check";
import { alertRulesFigures, type AlertRulesResults } from "./alert-rules-figures";
import { expectedFirstPass, planAlertRules, type PlannedRule } from "./alert-rules-plan";
import { createPlannedRules, seedAlertPoints } from "./alert-rules-seed";
import { countingStatements } from "./alert-rules-statements";
import { alertRulesBenchSettings, type AlertRulesBenchSettings } from "./alert-rules-settings";
import { countLabel, progress } from "./ingest-settings";

const MINUTE_MS = 60_000;

async function createOrganizations(kit: TelemetryTestKit, count: number): Promise<TestOrganization[]> {
  // Tokens that outlive the slowest run; the signer's default of five minutes does not.
  const people = createTestPeople(kit.database, {
    issueAccessToken: (claims) => kit.service.signer.issueAccessToken({ ...claims, expiresInSeconds: 3_600 }),
  });
  const organizations: TestOrganization[] = [];
  for (let index = 0; index < count; index += 1) organizations.push(await people.createOrganization(`alerts-${index}`));
  return organizations;
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1_000, value };
}

const rate = (rules: number, seconds: number, statements: number) =>
  `${seconds.toFixed(2)} s, ${countLabel(rules / seconds)} rules/s; per rule ${((seconds * 1_000) / rules).toFixed(2)} ms and ${(statements / rules).toFixed(1)} statements`;

// The first pass at passes[0], then at each later time a steady pass and the plain queries in turn.
async function runPasses(kit: TelemetryTestKit, plan: SeededPlan, passes: Date[]) {
  const { rules, ruleIds, organizationIds } = plan;
  const pool = countingStatements(kit.database.db);
  const db = pool.db;
  const memory = startPeakMemory();
  const residentBefore = residentMegabytes();
  const first = await timed(() => evaluateDueRules(db, { now: passes[0] }));
  progress(`first pass: ${rate(rules.length, first.seconds, pool.take())}`);
  checkFirstPass(rules, first.value);
  await checkRecordedAlerts(kit.database.ownerDb, rules, ruleIds);
  const steadyPassSeconds: number[] = [];
  const baselineSeconds: number[] = [];
  for (const [index, now] of passes.slice(1).entries()) {
    const round = `round ${index + 1}/${passes.length - 1}`;
    const steady = await timed(() => evaluateDueRules(db, { now }));
    progress(`${round}: steady pass ${rate(rules.length, steady.seconds, pool.take())}`);
    checkSteadyPass(rules, steady.value);
    const plain = await timed(() => windowAggregates(db, rules, organizationIds, now));
    progress(`${round}: plain queries ${rate(rules.length, plain.seconds, pool.take())}`);
    checkWindowAggregates(rules, plain.value);
    steadyPassSeconds.push(steady.seconds);
    baselineSeconds.push(plain.seconds);
  }
  await checkRecordedAlerts(kit.database.ownerDb, rules, ruleIds);
  const peakMegabytes = memory.peakMegabytes();
  memory.stop();
  return {
    firstPassSeconds: first.seconds,
    steadyPassSeconds,
    baselineSeconds,
    residentMegabytes: residentBefore,
    peakMegabytes,
  };
}

interface SeededPlan {
  rules: PlannedRule[];
  ruleIds: string[];
  organizationIds: string[];
}

async function measure(
  kit: TelemetryTestKit,
  rules: PlannedRule[],
  settings: AlertRulesBenchSettings,
): Promise<AlertRulesResults> {
  const organizations = await createOrganizations(kit, settings.BENCH_ALERT_ORGANIZATIONS);
  progress(`creating ${countLabel(rules.length)} rules through telemetry.alerts.rules.create`);
  const ruleIds = await createPlannedRules(kit, organizations, rules);
  // Whole minutes after every rule's first due time, so every window holds a whole number of points.
  const start = Math.ceil((Date.now() + 1_000) / MINUTE_MS) * MINUTE_MS;
  const passes = Array.from(
    { length: settings.BENCH_ALERT_STEADY_PASSES + 1 },
    (_, k) => new Date(start + k * MINUTE_MS),
  );
  const points = await seedAlertPoints(kit, organizations, passes[0]!, passes.at(-1)!);
  progress(`${countLabel(points)} points seeded; checking the plain window aggregates against them (untimed warm-up)`);
  const organizationIds = organizations.map((organization) => organization.id);
  checkWindowAggregates(rules, await windowAggregates(kit.database.db, rules, organizationIds, passes[0]!));
  const timings = await runPasses(kit, { rules, ruleIds, organizationIds }, passes);
  return { rules: rules.length, organizations: organizations.length, ...expectedFirstPass(rules), ...timings };
}

/**
 * Evaluation of BENCH_ALERT_RULES alert rules over BENCH_ALERT_ORGANIZATIONS organizations by
 * evaluateDueRules: the first pass (groups go pending or fire) and steady passes a minute apart
 * (nothing changes), beside the same window aggregates issued as plain SQL on the same pool; every
 * pass is checked against what the seeded points imply, rule by rule.
 */
export async function benchTelemetryAlertRules(): Promise<BenchFigure[]> {
  const settings = alertRulesBenchSettings();
  const rules = planAlertRules(settings.BENCH_ALERT_RULES, settings.BENCH_ALERT_ORGANIZATIONS);
  const expected = expectedFirstPass(rules);
  progress(
    `${countLabel(rules.length)} rules planned: ${countLabel(expected.fired)} groups should fire and ${countLabel(expected.pending)} go pending`,
  );
  progress("cloning a database from the migrated template; booting telemetry in this process (no jobs)");
  const kit = await startTelemetryTestKit();
  try {
    return alertRulesFigures(await measure(kit, rules, settings));
  } finally {
    await kit.close();
  }
}
