import { Writable } from "node:stream";
import type { TestOrganization } from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { forecastRefreshJob } from "./forecast-refresh-job";
import { dailyCyclePoints } from "./forecast-test-series";
import { refreshDueForecasts } from "./refresh-due-forecasts";

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;

const HOUR_MS = 3_600_000;
const hourly = {
  metric: "load",
  modelType: "holt_winters",
  parameters: { seasonLength: 24, history: 300 },
  horizon: 6,
} as const;

/** A logger that keeps every line it writes. */
function recordingLogger() {
  const lines: { level: number; msg: string; modelId?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), lines };
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("refresh");
  other = await kit.createOrganization("refresh-other");
  for (const organization of [org, other]) {
    await kit.ownerOf(organization).telemetry.metrics.write.mutate({ points: dailyCyclePoints("load", 8 * 24) });
  }
});

afterAll(async () => {
  await kit?.close();
});

const models = (organization = org) => kit.ownerOf(organization).telemetry.forecasts.models;
const forecastsOf = async (modelId: string, organization = org) =>
  (await kit.ownerOf(organization).telemetry.forecasts.list.query({ modelId })).points;

describe("forecast refresh", () => {
  it("runs the models whose refresh period has passed, in every organization, and no others", async () => {
    const due = await models().create.mutate({ ...hourly, name: "due", refreshEvery: "1 hour" });
    const elsewhere = await models(other).create.mutate({ ...hourly, name: "due", refreshEvery: "1 hour" });
    const manual = await models().create.mutate({ ...hourly, name: "manual" });
    const fresh = await models().create.mutate({ ...hourly, name: "fresh", refreshEvery: "1 hour" });
    await kit.ownerOf(org).telemetry.forecasts.run.mutate({ modelId: fresh.id });

    const now = new Date();
    const summary = await refreshDueForecasts(kit.database.db, { now });
    expect(summary.refreshed.sort()).toEqual([due.id, elsewhere.id].sort());
    expect(await forecastsOf(due.id)).toHaveLength(6);
    expect(await forecastsOf(elsewhere.id, other)).toHaveLength(6);
    expect(await forecastsOf(manual.id)).toEqual([]);
    expect((await models().get.query({ modelId: due.id })).lastRunAt).toEqual(now);

    const again = await refreshDueForecasts(kit.database.db, { now });
    expect(again.refreshed).toEqual([]);
    const later = await refreshDueForecasts(kit.database.db, { now: new Date(now.getTime() + 2 * HOUR_MS) });
    expect(later.refreshed.sort()).toEqual([due.id, elsewhere.id, fresh.id].sort());
    await Promise.all(
      [due, elsewhere, fresh].map((model) =>
        models(model === elsewhere ? other : org).delete.mutate({ modelId: model.id }),
      ),
    );
  });

  it("notes a model it cannot forecast, logs it once and tries it again a period later", async () => {
    const short = await models().create.mutate({
      ...hourly,
      name: "weekly",
      parameters: { seasonLength: 168, history: 300 },
      refreshEvery: "1 hour",
    });
    const { logger, lines } = recordingLogger();
    const now = new Date();
    expect(await refreshDueForecasts(kit.database.db, { now, logger })).toEqual({
      refreshed: [],
      refused: [short.id],
      failed: [],
    });
    const noted = await models().get.query({ modelId: short.id });
    expect(noted.lastFailure).toMatchObject({ at: now, reason: "series_too_short" });
    expect(noted.lastFailure?.message).toContain("needs at least 337 buckets with data");
    expect(noted.lastRunAt).toEqual(now);
    expect((await refreshDueForecasts(kit.database.db, { now, logger })).refused).toEqual([]);

    const later = await refreshDueForecasts(kit.database.db, { now: new Date(now.getTime() + 2 * HOUR_MS), logger });
    expect(later.refused).toEqual([short.id]);
    const aboutShort = lines.filter((line) => line.modelId === short.id);
    expect(aboutShort.map((line) => line.level)).toEqual([40, 20]);

    await models().update.mutate({ modelId: short.id, parameters: { seasonLength: 24, history: 300 } });
    expect(
      (await refreshDueForecasts(kit.database.db, { now: new Date(now.getTime() + 2 * HOUR_MS) })).refreshed,
    ).toEqual([short.id]);
    expect((await models().get.query({ modelId: short.id })).lastFailure).toBeNull();
    await models().delete.mutate({ modelId: short.id });
  });

  it("passes over a model another transaction is running", async () => {
    const busy = await models().create.mutate({ ...hourly, name: "busy", refreshEvery: "1 hour" });
    await kit.database.ownerDb.transaction().execute(async (trx) => {
      await trx.selectFrom("timeseries.forecast_models").select("id").where("id", "=", busy.id).forUpdate().execute();
      expect((await refreshDueForecasts(kit.database.db)).refreshed).toEqual([]);
    });
    await forecastRefreshJob().run({
      db: kit.database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "replica",
    });
    expect(await forecastsOf(busy.id)).toHaveLength(6);
  });
});
