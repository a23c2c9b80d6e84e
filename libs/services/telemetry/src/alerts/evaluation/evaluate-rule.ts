import type { AlertCondition } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { raiseAlert } from "../raise-alert";
import { resolveAlert } from "../resolve-alert";
import type { DueRule } from "./due-rules";
import { firedAlert } from "./fired-alert";
import { deleteGroupState, loadGroupStates, saveGroupState, touchGroupStates } from "./group-states";
import { ruleTransitions, type GroupTransition } from "./rule-transitions";
import { windowObservations } from "./window-observations";

/** What one rule's evaluation changed. */
export interface RuleOutcome {
  pending: number;
  fired: number;
  resolved: number;
  /** The window held more groups than a rule follows. */
  truncated: boolean;
}

async function apply(trx: Transaction<Database>, rule: DueRule, transition: GroupTransition, now: Date) {
  const group = { organizationId: rule.organization_id, ruleId: rule.id, evaluatedAt: now };
  switch (transition.kind) {
    case "pend":
      return saveGroupState(trx, { ...group, observation: transition.observation, activeSince: now, alert: null });
    case "wait":
    case "keep":
      return;
    case "fire": {
      const { observation, activeSince } = transition;
      const alert = await raiseAlert(trx, firedAlert(rule, observation, activeSince, now));
      return saveGroupState(trx, { ...group, observation, activeSince, alert });
    }
    case "resolve":
      await resolveAlert(trx, { ...transition.alert, organizationId: rule.organization_id, ruleId: rule.id }, now);
      return deleteGroupState(trx, rule.id, transition.key);
    case "clear":
      return deleteGroupState(trx, rule.id, transition.key);
  }
}

/** Evaluates one rule at `now` in the caller's transaction: reads its window, moves its groups, raises and resolves alerts. */
export async function evaluateRule(trx: Transaction<Database>, rule: DueRule, now: Date): Promise<RuleOutcome> {
  const { observations, complete } = await windowObservations(trx, rule, now);
  const states = await loadGroupStates(trx, rule.id);
  const transitions = ruleTransitions({
    now,
    forSeconds: rule.for_seconds,
    condition: rule.condition as AlertCondition,
    threshold: rule.threshold,
    observations,
    states,
    complete,
  });
  for (const transition of transitions) await apply(trx, rule, transition, now);
  // Groups that stay as they were only note their latest value: one statement for them all.
  const unchanged = transitions.flatMap((one) => (one.kind === "wait" || one.kind === "keep" ? [one.observation] : []));
  await touchGroupStates(trx, rule.id, unchanged, now);
  const count = (kind: GroupTransition["kind"]) => transitions.filter((one) => one.kind === kind).length;
  return { pending: count("pend"), fired: count("fire"), resolved: count("resolve"), truncated: !complete };
}
