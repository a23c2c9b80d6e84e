import { SERVICE_NAMES } from "@cauldron/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepBadInput } from "./bad-input-sweep";
import { sweepCrossOrganization } from "./cross-organization-sweep";
import { SWEPT_SERVICES } from "./sweep-registry";
import { startSweepWorld, type SweepWorld } from "./sweep-world";

let world: SweepWorld;

beforeAll(async () => {
  world = await startSweepWorld(Object.values(SWEPT_SERVICES));
});

afterAll(async () => {
  await world?.close();
});

function readBackOfA(): Promise<unknown[]> {
  return Promise.all(world.services.map((entry) => entry.objectsOfA?.readBack() ?? null));
}

describe("the sweep over every procedure of every service", () => {
  it("covers every service of the platform, each under its own name", () => {
    expect(Object.keys(SWEPT_SERVICES).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const [name, fixture] of Object.entries(SWEPT_SERVICES)) expect(fixture.name).toBe(name);
    expect(world.services.every((entry) => entry.procedures.length > 0)).toBe(true);
  });

  it("answers generated bad input with a typed 4xx and never a 5xx, signed out and as a member", async () => {
    const report = await sweepBadInput(world);
    expect(report.findings).toEqual([]);
    expect(report.unvalidated).toEqual([]);
  }, 300_000);

  it("gives the owner of one organization nothing of another's through any id or organization header", async () => {
    const before = await readBackOfA();
    const report = await sweepCrossOrganization(world);
    expect(report.findings).toEqual([]);
    expect(report.unreached).toEqual([]);
    expect(await readBackOfA()).toEqual(before);
  }, 300_000);
});
