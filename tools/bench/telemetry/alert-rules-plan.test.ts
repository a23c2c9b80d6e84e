import { describe, expect, it } from "vitest";
import { conditionHolds } from "../../../libs/services/telemetry/src/alerts/evaluation/rule-transitions";
import { expectedFirstPass, planAlertRules, type PlannedRule } from "./alert-rules-plan";
import { HOSTS, POINT_SPACING_SECONDS, REGIONS, SERIES_VALUES } from "./alert-rules-series";

const rules = planAlertRules(1_000, 10);

// Every point of each group in a window starting at `firstTick`, worked out one by one.
function windowGroups(rule: PlannedRule, firstTick: number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const ticks = rule.window.seconds / POINT_SPACING_SECONDS;
  for (let host = 0; host < HOSTS; host += 1) {
    for (let region = 0; region < REGIONS; region += 1) {
      if (rule.where.region !== undefined && rule.where.region !== `r${region}`) continue;
      const key = rule.groupBy.map((name) => (name === "host" ? `h${host}` : `r${region}`)).join(",");
      const values = groups.get(key) ?? [];
      for (let tick = firstTick; tick < firstTick + ticks; tick += 1) {
        values.push(
          SERIES_VALUES.hostStep * (host + 1) + SERIES_VALUES.regionStep * region + (tick % SERIES_VALUES.cycle),
        );
      }
      groups.set(key, values);
    }
  }
  return groups;
}

// Whether a group holds its condition: exactly for count and sum, and for every other aggregate
// only when its least and greatest value agree (any such aggregate lies between them).
function judge(rule: PlannedRule, values: number[]): boolean | "undecided" {
  const holds = (value: number) => conditionHolds(value, rule.condition, rule.threshold);
  if (rule.aggregate === "count") return holds(values.length);
  if (rule.aggregate === "sum") return holds(values.reduce((total, value) => total + value, 0));
  const low = holds(Math.min(...values));
  return low === holds(Math.max(...values)) ? low : "undecided";
}

describe("planAlertRules", () => {
  it.each([0, 7, 363])(
    "implies each rule's groups and holding groups from the seeded values (window at tick %i)",
    (tick) => {
      for (const rule of rules) {
        const judged = [...windowGroups(rule, tick).values()].map((values) => judge(rule, values));
        expect({ rule: rule.name, groups: judged.length, undecided: judged.includes("undecided") }).toEqual({
          rule: rule.name,
          groups: rule.groups,
          undecided: false,
        });
        expect(judged.filter((holds) => holds === true)).toHaveLength(rule.holdingGroups);
      }
    },
  );

  it("leaves quiet rules without a holding group, and firing and pending ones with at least one", () => {
    for (const rule of rules) {
      if (rule.outcome === "quiet") expect(rule.holdingGroups).toBe(0);
      else expect(rule.holdingGroups).toBeGreaterThan(0);
      expect(rule.for === "0s").toBe(rule.outcome !== "pending");
    }
  });

  it("mixes outcomes, aggregates, conditions, windows and groupings over every organization", () => {
    const kinds = (pick: (rule: PlannedRule) => unknown) => new Set(rules.map(pick)).size;
    expect(kinds((rule) => rule.outcome)).toBe(3);
    expect(kinds((rule) => rule.aggregate)).toBe(11);
    expect(kinds((rule) => rule.condition)).toBe(6);
    expect(kinds((rule) => rule.window.seconds)).toBe(4);
    expect(kinds((rule) => JSON.stringify([rule.groupBy, rule.where]))).toBe(5);
    expect(kinds((rule) => rule.organization)).toBe(10);
    expect(rules.some((rule) => rule.holdingGroups > 0 && rule.holdingGroups < rule.groups)).toBe(true);
    expect(new Set(rules.map((rule) => `${rule.organization} ${rule.name}`)).size).toBe(rules.length);
  });

  it("sums what the first evaluation must raise and leave pending", () => {
    const { fired, pending } = expectedFirstPass(rules);
    const holding = (outcome: string) =>
      rules.filter((rule) => rule.outcome === outcome).map((rule) => rule.holdingGroups);
    expect(fired).toBe(holding("firing").reduce((a, b) => a + b, 0));
    expect(pending).toBe(holding("pending").reduce((a, b) => a + b, 0));
    expect(fired).toBeGreaterThan(pending);
    expect(pending).toBeGreaterThan(0);
  });
});
