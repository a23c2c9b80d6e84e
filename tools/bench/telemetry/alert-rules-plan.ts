import type { AlertCondition, AlertSeverity, MetricAggregate } from "@cauldron/contracts";
import {
  ALERT_BENCH_METRICS,
  HOSTS,
  LONGEST_WINDOW_SECONDS,
  POINT_SPACING_SECONDS,
  REGIONS,
  SERIES_VALUES,
} from "./alert-rules-series";

/** What a rule's groups do at its first evaluation: fire at once, wait out `for`, or nothing. */
export type RuleOutcome = "firing" | "pending" | "quiet";

/** One rule of the benchmark, with what the seeded points imply for it. */
export interface PlannedRule {
  organization: number;
  name: string;
  metric: string;
  aggregate: MetricAggregate;
  window: { seconds: number; text: string };
  groupBy: string[];
  where: Record<string, string>;
  condition: AlertCondition;
  threshold: number;
  for: string;
  severity: AlertSeverity;
  labels: Record<string, string>;
  outcome: RuleOutcome;
  /** Groups the window holds, and how many of them meet the condition. */
  groups: number;
  holdingGroups: number;
}

interface RuleShape {
  name: string;
  groupBy: string[];
  where: Record<string, string>;
  groups: number;
  seriesPerGroup: number;
  splitsHosts: boolean;
}

const SHAPES: RuleShape[] = [
  { name: "overall", groupBy: [], where: {}, groups: 1, seriesPerGroup: HOSTS * REGIONS, splitsHosts: false },
  { name: "per host", groupBy: ["host"], where: {}, groups: HOSTS, seriesPerGroup: REGIONS, splitsHosts: true },
  {
    name: "per host and region",
    groupBy: ["host", "region"],
    where: {},
    groups: HOSTS * REGIONS,
    seriesPerGroup: 1,
    splitsHosts: true,
  },
  { name: "per region", groupBy: ["region"], where: {}, groups: REGIONS, seriesPerGroup: HOSTS, splitsHosts: false },
  {
    name: "per host in r1",
    groupBy: ["host"],
    where: { region: "r1" },
    groups: HOSTS,
    seriesPerGroup: 1,
    splitsHosts: true,
  },
];
const AGGREGATES: MetricAggregate[] = [
  "avg",
  "min",
  "max",
  "sum",
  "count",
  "first",
  "last",
  "p50",
  "p90",
  "p95",
  "p99",
];
const WINDOWS = [
  { seconds: 60, text: "1 minute" },
  { seconds: 300, text: "5 minutes" },
  { seconds: 900, text: "15 minutes" },
  { seconds: LONGEST_WINDOW_SECONDS, text: "1 hour" },
];
const SEVERITIES: AlertSeverity[] = ["info", "warning", "error", "critical"];
// Longer than every steady pass together, so pending groups never fire during the benchmark.
const PENDING_FOR = ["1 hour", "2 hours"];

// A well-mixed integer from (rule, salt), so choices vary together without a pattern.
function choice(rule: number, salt: number, count: number): number {
  let mixed = Math.imul(rule + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b);
  mixed ^= mixed >>> 16;
  mixed = Math.imul(mixed, 0x7feb352d);
  mixed ^= mixed >>> 15;
  return (mixed >>> 0) % count;
}

function outcomeOf(index: number): RuleOutcome {
  const roll = choice(index, 1, 10);
  return roll < 4 ? "firing" : roll < 6 ? "pending" : "quiet";
}

// Counts are exact: the threshold is the group's point count, and the condition decides.
function countCondition(index: number, outcome: RuleOutcome, points: number) {
  const conditions: AlertCondition[] = outcome === "quiet" ? [">", "<", "!="] : [">=", "<=", "=="];
  return { condition: conditions[choice(index, 2, 3)]!, threshold: points, holds: outcome !== "quiet" };
}

// Every other aggregate lies in its hosts' bands: a cut between bands decides which hosts hold.
function bandCondition(index: number, outcome: RuleOutcome, shape: RuleShape) {
  const condition = ([">", ">=", "<", "<="] as const)[choice(index, 2, 4)]!;
  const greater = condition === ">" || condition === ">=";
  let cut: number;
  if (outcome === "quiet") cut = greater ? HOSTS : 0;
  else if (!shape.splitsHosts) cut = greater ? 0 : HOSTS;
  else cut = greater ? choice(index, 3, HOSTS) : 1 + choice(index, 3, HOSTS);
  const holdingHosts = greater ? HOSTS - cut : cut;
  const holding = shape.splitsHosts ? holdingHosts * (shape.groups / HOSTS) : holdingHosts === HOSTS ? shape.groups : 0;
  return { condition, perPoint: SERIES_VALUES.hostStep * cut + SERIES_VALUES.hostStep / 2, holding };
}

function planRule(index: number, organizations: number): PlannedRule {
  const shape = SHAPES[choice(index, 7, SHAPES.length)]!;
  const aggregate = AGGREGATES[choice(index, 8, AGGREGATES.length)]!;
  const window = WINDOWS[choice(index, 5, WINDOWS.length)]!;
  const metric = ALERT_BENCH_METRICS[Math.floor(index / organizations) % ALERT_BENCH_METRICS.length]!;
  const outcome = outcomeOf(index);
  const points = shape.seriesPerGroup * (window.seconds / POINT_SPACING_SECONDS);
  let judged: { condition: AlertCondition; threshold: number; holding: number };
  if (aggregate === "count") {
    const { condition, threshold, holds } = countCondition(index, outcome, points);
    judged = { condition, threshold, holding: holds ? shape.groups : 0 };
  } else {
    const { condition, perPoint, holding } = bandCondition(index, outcome, shape);
    judged = { condition, threshold: aggregate === "sum" ? perPoint * points : perPoint, holding };
  }
  return {
    organization: index % organizations,
    name: `${metric} ${aggregate} over ${window.text} ${shape.name} #${index}`,
    metric,
    aggregate,
    window,
    groupBy: shape.groupBy,
    where: shape.where,
    condition: judged.condition,
    threshold: judged.threshold,
    for: outcome === "pending" ? PENDING_FOR[choice(index, 4, PENDING_FOR.length)]! : "0s",
    severity: SEVERITIES[index % SEVERITIES.length]!,
    labels: { team: `team-${index % 3}` },
    outcome,
    groups: shape.groups,
    holdingGroups: judged.holding,
  };
}

/** `count` rules spread over `organizations`, mixing aggregates, windows, groupings, conditions and outcomes. */
export function planAlertRules(count: number, organizations: number): PlannedRule[] {
  return Array.from({ length: count }, (_, index) => planRule(index, organizations));
}

/** What a first evaluation of every rule must do: the alerts it raises and the groups it leaves pending. */
export function expectedFirstPass(rules: readonly PlannedRule[]): { fired: number; pending: number } {
  const sum = (outcome: RuleOutcome) =>
    rules.filter((rule) => rule.outcome === outcome).reduce((total, rule) => total + rule.holdingGroups, 0);
  return { fired: sum("firing"), pending: sum("pending") };
}
