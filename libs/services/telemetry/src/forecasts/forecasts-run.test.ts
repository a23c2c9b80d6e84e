import { codeOf, failureOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { dailyCyclePoints } from "./forecast-test-series";

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;

const HOUR_MS = 3_600_000;
// History reaches past the first point, so a run fits on every point written whenever it starts.
const seasonal = {
  metric: "visits",
  modelType: "holt_winters",
  parameters: { seasonLength: 24, history: 300 },
} as const;
/** The hour after the last one written: where every forecast of "visits" starts. */
let firstForecastHour: number;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("forecast-runs");
  other = await kit.createOrganization("other-runs");
  const points = dailyCyclePoints("visits", 10 * 24);
  firstForecastHour = points[points.length - 1]!.time.getTime() + HOUR_MS / 2;
  await kit.ownerOf(org).telemetry.metrics.write.mutate({ points });
  await kit.ownerOf(other).telemetry.metrics.write.mutate({ points: dailyCyclePoints("visits", 10 * 24, { seed: 3 }) });
});

afterAll(async () => {
  await kit?.close();
});

const forecasts = (organization = org) => kit.ownerOf(organization).telemetry.forecasts;

async function storedRowsOf(modelId: string): Promise<number> {
  const { count } = await kit.database.ownerDb
    .selectFrom("timeseries.forecasts")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("model_id", "=", modelId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

describe("forecasts.run", () => {
  it("forecasts the hours after the last whole one within bands, and stores the forecast and its backtest", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits", horizon: 24 });
    const run = await forecasts().run.mutate({ modelId: model.id });

    expect(run).toMatchObject({ modelId: model.id, confidenceLevel: 95, bucketSeconds: 3_600 });
    expect(run.points.map((point) => point.time.getTime())).toEqual(
      Array.from({ length: 24 }, (_, k) => firstForecastHour + k * HOUR_MS),
    );
    for (const point of run.points) {
      expect(point.lower).toBeLessThanOrEqual(point.value);
      expect(point.value).toBeLessThanOrEqual(point.upper);
    }
    expect(run.accuracy).toMatchObject({ holdout: 24, fittedOn: 240 });
    expect(run.accuracy.smape).toBeLessThan(10);
    expect(run.accuracy.bandCoverage.map((band) => band.level)).toEqual([80, 95]);

    const stored = await forecasts().models.get.query({ modelId: model.id });
    expect(stored.accuracy).toEqual(run.accuracy);
    expect(stored.lastRunAt).not.toBeNull();
    const listed = await forecasts().list.query({ modelId: model.id });
    expect(listed).toMatchObject({ modelId: model.id, metric: "visits", truncated: false });
    expect(listed.points).toEqual(run.points);
  });

  it("replaces the model's forecasts when it runs again, leaving one per bucket", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits rerun", horizon: 12 });
    await forecasts().run.mutate({ modelId: model.id });
    const longer = await forecasts().run.mutate({ modelId: model.id, horizon: 36 });
    expect(longer.points).toHaveLength(36);
    expect(await storedRowsOf(model.id)).toBe(36);
    await forecasts().run.mutate({ modelId: model.id, horizon: 6 });
    expect(await storedRowsOf(model.id)).toBe(6);
  });

  it("lists a time range of the stored forecasts, saying when it holds more than the limit", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits listed", horizon: 10 });
    await forecasts().run.mutate({ modelId: model.id });
    const from = new Date(firstForecastHour + 2 * HOUR_MS);
    const to = new Date(firstForecastHour + 8 * HOUR_MS);
    const page = await forecasts().list.query({ modelId: model.id, from, to, limit: 4 });
    expect(page.points.map((point) => point.time)).toEqual(
      [0, 1, 2, 3].map((k) => new Date(from.getTime() + k * HOUR_MS)),
    );
    expect(page.truncated).toBe(true);
  });

  it("discards a model's forecasts when what it forecasts changes", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits changed", horizon: 4 });
    await forecasts().run.mutate({ modelId: model.id });
    const changed = await forecasts().models.update.mutate({ modelId: model.id, modelType: "seasonal_naive" });
    expect(changed).toMatchObject({ accuracy: null, lastRunAt: null });
    expect((await forecasts().list.query({ modelId: model.id })).points).toEqual([]);
  });
});

describe("runs refused", () => {
  it("names how many buckets a series too short needs", async () => {
    const model = await forecasts().models.create.mutate({
      ...seasonal,
      name: "weekly visits",
      parameters: { seasonLength: 168, history: 300 },
    });
    const failure = await failureOf(forecasts().run.mutate({ modelId: model.id }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("needs at least 337 buckets with data");
    expect(failure.message).toContain("the series holds 240");
    expect(await storedRowsOf(model.id)).toBe(0);
  });

  it("reads only the points whose dimensions match the model's where", async () => {
    const model = await forecasts().models.create.mutate({
      ...seasonal,
      name: "visits in eu",
      parameters: { ...seasonal.parameters, where: { region: "eu" } },
    });
    const failure = await failureOf(forecasts().run.mutate({ modelId: model.id }));
    expect(failure.message).toContain("the series holds 0");
  });

  it("refuses multiplicative seasons on a series that reaches zero or below", async () => {
    await kit.ownerOf(org).telemetry.metrics.write.mutate({
      points: dailyCyclePoints("balance", 72, { level: 5 }),
    });
    const model = await forecasts().models.create.mutate({
      name: "balance",
      metric: "balance",
      modelType: "holt_winters",
      parameters: { seasonLength: 24, seasonality: "multiplicative", history: 72 },
    });
    const failure = await failureOf(forecasts().run.mutate({ modelId: model.id }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("use additive seasonality");
  });

  it("refuses a horizon reaching more than 366 days ahead", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits far" });
    const failure = await failureOf(forecasts().run.mutate({ modelId: model.id, horizon: 9_000 }));
    expect(Object.keys(failure.data.fieldErrors ?? {})).toEqual(["horizon"]);
  });

  it("never runs or lists another organization's model", async () => {
    const model = await forecasts().models.create.mutate({ ...seasonal, name: "visits mine", horizon: 3 });
    expect(await codeOf(forecasts(other).run.mutate({ modelId: model.id }))).toBe("NOT_FOUND");
    expect(await codeOf(forecasts(other).list.query({ modelId: model.id }))).toBe("NOT_FOUND");
    const theirs = await forecasts(other).models.create.mutate({ ...seasonal, name: "visits mine", horizon: 3 });
    expect((await forecasts(other).run.mutate({ modelId: theirs.id })).points).toHaveLength(3);
    expect(await storedRowsOf(model.id)).toBe(0);
  });
});
