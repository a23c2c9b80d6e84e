import type { AlertCondition } from "@cauldron/contracts";
import type { AlertKey } from "../raise-alert";

/** One group's aggregate over a rule's window. */
export interface GroupObservation {
  key: string;
  group: Record<string, string>;
  value: number;
}

/** Where a group stood after the previous evaluation: waiting out `for`, or firing with its alert. */
export type GroupState =
  | { key: string; state: "pending"; activeSince: Date }
  | { key: string; state: "firing"; activeSince: Date; alert: AlertKey };

/** What one evaluation does to one group. */
export type GroupTransition =
  /** The condition started to hold: wait out `for`. */
  | { kind: "pend"; observation: GroupObservation }
  /** Still holding, `for` not over yet. */
  | { kind: "wait"; observation: GroupObservation }
  /** Held for `for` (or `for` is zero): raise an alert. */
  | { kind: "fire"; observation: GroupObservation; activeSince: Date }
  /** Still holding while firing. */
  | { kind: "keep"; observation: GroupObservation }
  /** Stopped holding, or the group has no points left in the window, while firing: resolve its alert. */
  | { kind: "resolve"; key: string; alert: AlertKey }
  /** Stopped holding before `for` was over: forget it. */
  | { kind: "clear"; key: string };

/** What a rule's evaluation is judged on. */
export interface RuleJudgement {
  now: Date;
  forSeconds: number;
  condition: AlertCondition;
  threshold: number;
  observations: readonly GroupObservation[];
  states: readonly GroupState[];
  /** False when the window held more groups than were read: groups not read are left as they are. */
  complete: boolean;
}

/** Whether `value` meets the rule's condition against its threshold. */
export function conditionHolds(value: number, condition: AlertCondition, threshold: number): boolean {
  switch (condition) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case "==":
      return value === threshold;
    case "!=":
      return value !== threshold;
  }
}

function whileHolding(observation: GroupObservation, state: GroupState | undefined, judgement: RuleJudgement) {
  if (state?.state === "firing") return { kind: "keep", observation } as const;
  const activeSince = state?.activeSince ?? judgement.now;
  const heldMs = judgement.now.getTime() - activeSince.getTime();
  if (heldMs >= judgement.forSeconds * 1_000) return { kind: "fire", observation, activeSince } as const;
  return state ? ({ kind: "wait", observation } as const) : ({ kind: "pend", observation } as const);
}

function afterHolding(state: GroupState): GroupTransition {
  return state.state === "firing"
    ? { kind: "resolve", key: state.key, alert: state.alert }
    : { kind: "clear", key: state.key };
}

/**
 * How each group moves, as Prometheus moves alerts: a group whose condition holds goes pending,
 * then fires once it has held for `for` (at once when `for` is zero); a firing group whose condition
 * stops holding, or that has no points left in the window, resolves; a pending one is forgotten.
 */
export function ruleTransitions(judgement: RuleJudgement): GroupTransition[] {
  const states = new Map(judgement.states.map((state) => [state.key, state]));
  const transitions: GroupTransition[] = [];
  const seen = new Set<string>();
  for (const observation of judgement.observations) {
    seen.add(observation.key);
    const state = states.get(observation.key);
    if (conditionHolds(observation.value, judgement.condition, judgement.threshold)) {
      transitions.push(whileHolding(observation, state, judgement));
    } else if (state) {
      transitions.push(afterHolding(state));
    }
  }
  if (!judgement.complete) return transitions;
  for (const state of judgement.states) {
    if (!seen.has(state.key)) transitions.push(afterHolding(state));
  }
  return transitions;
}
