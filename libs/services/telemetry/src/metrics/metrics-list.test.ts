import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { MAX_LISTED_VALUES } from "./catalog-queries";

let kit: TelemetryTestKit;
let org: TestOrganization;

const at = (iso: string) => new Date(iso);
const day = { from: at("2026-02-02T00:00:00Z"), to: at("2026-02-03T00:00:00Z") };

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("catalog");
  const point = (metric: string, time: string, dimensions: Record<string, string> = {}) => ({
    metric,
    time: at(`2026-02-02T${time}Z`),
    value: 1,
    dimensions,
  });
  await kit.ownerOf(org).telemetry.metrics.write.mutate({
    points: [
      point("cpu.usage", "10:00:00", { host: "a", region: "eu" }),
      point("cpu.usage", "11:00:00", { host: "b", region: "eu" }),
      point("cpu.usage", "12:00:00", { host: "c" }),
      point("cpu_load", "10:00:00"),
      point("disk.free", "10:00:00"),
      point("disk.free", "23:59:59"),
      point("memory.used", "09:00:00"),
      { ...point("cpu.usage", "00:00:00"), time: at("2026-02-03T00:00:00Z") },
      ...Array.from({ length: MAX_LISTED_VALUES + 5 }, (_, index) =>
        point("queue.depth", "10:00:00", { queue: `q${String(index).padStart(3, "0")}` }),
      ),
    ],
  });
});

afterAll(async () => {
  await kit?.close();
});

const list = (
  input: Partial<Parameters<ReturnType<TelemetryTestKit["ownerOf"]>["telemetry"]["metrics"]["list"]["query"]>[0]>,
) => kit.ownerOf(org).telemetry.metrics.list.query({ ...day, ...input });

describe("telemetry.metrics.list", () => {
  it("lists the names written in the range with their point counts, by name", async () => {
    expect(await list({})).toEqual({
      metrics: [
        { name: "cpu.usage", points: 3 },
        { name: "cpu_load", points: 1 },
        { name: "disk.free", points: 2 },
        { name: "memory.used", points: 1 },
        { name: "queue.depth", points: MAX_LISTED_VALUES + 5 },
      ],
      truncated: false,
      dimensions: null,
    });
  });

  it("takes a prefix literally, so _ matches only itself", async () => {
    expect((await list({ prefix: "cpu_" })).metrics).toEqual([{ name: "cpu_load", points: 1 }]);
    expect((await list({ prefix: "cpu." })).metrics).toEqual([{ name: "cpu.usage", points: 3 }]);
  });

  it("stops at the limit and says there are more", async () => {
    expect(await list({ limit: 2 })).toMatchObject({
      metrics: [{ name: "cpu.usage" }, { name: "cpu_load" }],
      truncated: true,
    });
  });

  it("lists a metric's dimension keys and their distinct values", async () => {
    expect((await list({ metric: "cpu.usage" })).dimensions).toEqual({
      keys: [
        { key: "host", values: ["a", "b", "c"], truncated: false },
        { key: "region", values: ["eu"], truncated: false },
      ],
      truncated: false,
    });
  });

  it("bounds the values listed per key", async () => {
    const { dimensions } = await list({ metric: "queue.depth" });
    expect(dimensions?.keys[0]?.values).toHaveLength(MAX_LISTED_VALUES);
    expect(dimensions?.keys[0]).toMatchObject({ key: "queue", truncated: true });
    expect(dimensions?.keys[0]?.values.slice(0, 2)).toEqual(["q000", "q001"]);
  });

  it("answers empty for a metric without points in the range", async () => {
    expect((await list({ metric: "never.written" })).dimensions).toEqual({ keys: [], truncated: false });
  });
});
