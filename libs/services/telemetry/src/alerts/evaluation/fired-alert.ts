import { formatDuration } from "../alert-durations";
import type { AlertSeverity, NewAlert } from "../raise-alert";
import type { DueRule } from "./due-rules";
import type { GroupObservation } from "./rule-transitions";

// Enough digits to read, never the float noise of an average.
const shown = (value: number) => String(Number(value.toPrecision(6)));

function titleOf(rule: DueRule, group: Record<string, string>): string {
  const entries = Object.entries(group);
  if (entries.length === 0) return rule.name;
  return `${rule.name} (${entries.map(([key, value]) => `${key}=${value}`).join(", ")})`;
}

/**
 * The alert a rule raises for a group that held its condition for `for`: labelled with the rule's
 * labels and then the group's dimensions (the group's win, since they tell its alerts apart).
 */
export function firedAlert(rule: DueRule, observation: GroupObservation, activeSince: Date, now: Date): NewAlert {
  const window = formatDuration(rule.window_seconds);
  return {
    organizationId: rule.organization_id,
    alertType: "threshold",
    source: `rule:${rule.id}`,
    severity: rule.severity as AlertSeverity,
    title: titleOf(rule, observation.group),
    description:
      rule.description ??
      `${rule.aggregate} of ${rule.metric_name} over ${window} is ${shown(observation.value)} (${rule.condition} ${shown(rule.threshold)})`,
    ruleId: rule.id,
    labels: { ...(rule.labels as Record<string, string>), ...observation.group },
    details: {
      value: observation.value,
      threshold: rule.threshold,
      condition: rule.condition,
      aggregate: rule.aggregate,
      metric: rule.metric_name,
      window,
      group: observation.group,
      activeSince: activeSince.toISOString(),
    },
    time: now,
  };
}
