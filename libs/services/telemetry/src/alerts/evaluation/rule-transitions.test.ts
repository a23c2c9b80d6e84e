import { describe, expect, it } from "vitest";
import {
  conditionHolds,
  ruleTransitions,
  type GroupObservation,
  type GroupState,
  type RuleJudgement,
} from "./rule-transitions";

const t0 = new Date("2026-03-01T12:00:00Z");
const seconds = (n: number) => new Date(t0.getTime() + n * 1_000);
const alert = { id: "5b0f2a55-8f3c-4c61-9d1e-2f8a2b6c7d10", time: t0 };
const cpu = (value: number, key = "{}"): GroupObservation => ({ key, group: {}, value });

function judge(overrides: Partial<RuleJudgement>): ReturnType<typeof ruleTransitions> {
  return ruleTransitions({
    now: t0,
    forSeconds: 60,
    condition: ">",
    threshold: 90,
    observations: [],
    states: [],
    complete: true,
    ...overrides,
  });
}

describe("conditions", () => {
  it("compare the value with the threshold as written", () => {
    expect([">", ">=", "<", "<=", "==", "!="].map((c) => conditionHolds(5, c as never, 5))).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(conditionHolds(5.5, ">", 5)).toBe(true);
    expect(conditionHolds(-1, "<", 0)).toBe(true);
  });
});

describe("group transitions", () => {
  it("puts a group whose condition starts to hold in pending", () => {
    expect(judge({ observations: [cpu(95)] })).toEqual([{ kind: "pend", observation: cpu(95) }]);
  });

  it("fires at once when for is zero", () => {
    expect(judge({ forSeconds: 0, observations: [cpu(95)] })).toEqual([
      { kind: "fire", observation: cpu(95), activeSince: t0 },
    ]);
  });

  it("keeps a group pending until it has held for the whole of for, then fires it", () => {
    const pending: GroupState = { key: "{}", state: "pending", activeSince: t0 };
    expect(judge({ now: seconds(59), observations: [cpu(96)], states: [pending] })).toEqual([
      { kind: "wait", observation: cpu(96) },
    ]);
    expect(judge({ now: seconds(60), observations: [cpu(97)], states: [pending] })).toEqual([
      { kind: "fire", observation: cpu(97), activeSince: t0 },
    ]);
  });

  it("forgets a pending group whose condition stops holding", () => {
    const pending: GroupState = { key: "{}", state: "pending", activeSince: t0 };
    expect(judge({ observations: [cpu(50)], states: [pending] })).toEqual([{ kind: "clear", key: "{}" }]);
  });

  it("keeps a firing group firing while the condition holds, and resolves it when it stops", () => {
    const firing: GroupState = { key: "{}", state: "firing", activeSince: t0, alert };
    expect(judge({ observations: [cpu(99)], states: [firing] })).toEqual([{ kind: "keep", observation: cpu(99) }]);
    expect(judge({ observations: [cpu(10)], states: [firing] })).toEqual([{ kind: "resolve", key: "{}", alert }]);
  });

  it("resolves a firing group that has no points left in the window, and clears a pending one", () => {
    const states: GroupState[] = [
      { key: '{"host":"a"}', state: "firing", activeSince: t0, alert },
      { key: '{"host":"b"}', state: "pending", activeSince: t0 },
    ];
    expect(judge({ states })).toEqual([
      { kind: "resolve", key: '{"host":"a"}', alert },
      { kind: "clear", key: '{"host":"b"}' },
    ]);
  });

  it("leaves groups it did not read alone when the window held too many groups to read", () => {
    const states: GroupState[] = [{ key: '{"host":"a"}', state: "firing", activeSince: t0, alert }];
    expect(judge({ states, complete: false })).toEqual([]);
  });

  it("does nothing for a group whose condition does not hold and that it does not track", () => {
    expect(judge({ observations: [cpu(10, '{"host":"a"}')] })).toEqual([]);
  });
});
