import type { BenchFigure } from "../bench-report";
import { fastest } from "../storage/in-turns";
import { countLabel } from "./ingest-settings";

/** What the passes took, and what the process held meanwhile. */
export interface AlertRulesResults {
  rules: number;
  organizations: number;
  fired: number;
  pending: number;
  firstPassSeconds: number;
  steadyPassSeconds: number[];
  /** Each timed round of the plain window aggregates. */
  baselineSeconds: number[];
  residentMegabytes: number;
  peakMegabytes: number;
}

/** Rules per second and milliseconds per rule for the first and the steady pass, beside the plain queries, and peak RSS. */
export function alertRulesFigures(results: AlertRulesResults): BenchFigure[] {
  const rules = countLabel(results.rules);
  const baselineSeconds = fastest(results.baselineSeconds);
  const baselineName = `the same ${rules} window aggregates as plain SQL, one system-role transaction each, same pool`;
  const pass = (label: string, seconds: number): BenchFigure[] => [
    {
      name: label,
      unit: "rules/s",
      ours: results.rules / seconds,
      baseline: results.rules / baselineSeconds,
      baselineName,
      higherIsBetter: true,
    },
    {
      name: "  per rule",
      unit: "ms",
      ours: (seconds * 1_000) / results.rules,
      baseline: (baselineSeconds * 1_000) / results.rules,
      baselineName: "one plain window aggregate",
      higherIsBetter: false,
    },
  ];
  return [
    ...pass(
      `alert rules: first pass, ${rules} rules in ${results.organizations} orgs (${countLabel(results.fired)} alerts raised, ${countLabel(results.pending)} groups pending)`,
      results.firstPassSeconds,
    ),
    ...pass("alert rules: steady pass (nothing changes)", fastest(results.steadyPassSeconds)),
    {
      name: "  peak RSS over the passes (service and evaluator in one process)",
      unit: "MB",
      ours: results.peakMegabytes,
      baseline: results.residentMegabytes,
      baselineName: "the process's RSS before the first pass",
      higherIsBetter: false,
      compare: "difference",
    },
  ];
}
