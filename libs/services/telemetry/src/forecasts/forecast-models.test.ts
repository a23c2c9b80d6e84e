import { codeOf, failureOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;

type CreateInput = Parameters<
  ReturnType<TelemetryTestKit["ownerOf"]>["telemetry"]["forecasts"]["models"]["create"]["mutate"]
>[0];
const hourly = {
  name: "orders hourly",
  metric: "orders.count",
  modelType: "holt_winters",
  parameters: { seasonLength: 24 },
} as const;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("forecasting");
  other = await kit.createOrganization("elsewhere");
});

afterAll(async () => {
  await kit?.close();
});

const models = (organization = org) => kit.ownerOf(organization).telemetry.forecasts.models;

async function fieldErrorsOf(input: CreateInput): Promise<Record<string, string[]>> {
  const failure = await failureOf(models().create.mutate(input));
  expect(failure.data.code).toBe("BAD_REQUEST");
  return failure.data.fieldErrors ?? {};
}

describe("forecast models", () => {
  it("creates a model with the defaults filled in, and reads it back by id and in the list", async () => {
    const created = await models().create.mutate({ ...hourly, refreshEvery: "6 hours" });
    expect(created).toMatchObject({
      name: "orders hourly",
      metric: "orders.count",
      kind: "business",
      modelType: "holt_winters",
      parameters: { seasonLength: 24, bucket: "1 hour", aggregate: "avg", history: 720, confidenceLevel: 95 },
      horizon: 48,
      refreshEverySeconds: 21_600,
      lastRunAt: null,
      accuracy: null,
      lastFailure: null,
      createdBy: org.owner.id,
    });
    expect(await models().get.query({ modelId: created.id })).toEqual(created);
    const page = await models().list.query({ metric: "orders.count" });
    expect(page.items.map((model) => model.id)).toEqual([created.id]);
  });

  it("lists by name a page at a time and finds models by part of their name", async () => {
    for (const name of ["revenue a", "revenue b", "revenue c"]) {
      await models().create.mutate({ name, metric: "revenue", modelType: "linear_trend" });
    }
    const first = await models().list.query({ search: "revenue", limit: 2 });
    expect(first.items.map((model) => model.name)).toEqual(["revenue a", "revenue b"]);
    const second = await models().list.query({ search: "revenue", limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ name: "revenue c" }], nextCursor: null });
  });

  it("updates a model, replacing its parameters whole, and refuses a name the organization uses", async () => {
    const model = await models().create.mutate({ ...hourly, name: "to update" });
    const updated = await models().update.mutate({
      modelId: model.id,
      description: "weekly cycle",
      parameters: { seasonLength: 168, seasonality: "multiplicative", bucket: "1 hour", history: 2_000 },
      refreshEvery: null,
    });
    expect(updated).toMatchObject({
      description: "weekly cycle",
      parameters: { seasonLength: 168, seasonality: "multiplicative", history: 2_000, aggregate: "avg" },
      refreshEverySeconds: null,
    });
    const taken = await failureOf(models().update.mutate({ modelId: model.id, name: "orders hourly" }));
    expect(taken.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(await codeOf(models().create.mutate(hourly))).toBe("CONFLICT");
  });

  it("deletes a model", async () => {
    const model = await models().create.mutate({ ...hourly, name: "to delete" });
    expect(await models().delete.mutate({ modelId: model.id })).toEqual({ modelId: model.id });
    expect(await codeOf(models().get.query({ modelId: model.id }))).toBe("NOT_FOUND");
    expect(await codeOf(models().delete.mutate({ modelId: model.id }))).toBe("NOT_FOUND");
  });
});

describe("refused model settings, by field", () => {
  it("refuses an unknown model type", async () => {
    const errors = await fieldErrorsOf({ ...hourly, modelType: "arima" as "holt_winters" });
    expect(errors.modelType?.[0]).toContain("seasonal_naive, holt_winters, linear_trend");
  });

  it("refuses Holt-Winters seasons shorter than 2 buckets and season lengths below 1", async () => {
    expect(
      (await fieldErrorsOf({ ...hourly, parameters: { seasonLength: 1 } }))["parameters.seasonLength"]?.[0],
    ).toContain("at least 2");
    const naive = await fieldErrorsOf({ ...hourly, modelType: "seasonal_naive", parameters: { seasonLength: 0 } });
    expect(naive["parameters.seasonLength"]?.[0]).toContain("at least 1");
  });

  it("says which parameter a model type needs or does not take", async () => {
    expect(Object.keys(await fieldErrorsOf({ ...hourly, parameters: {} }))).toEqual(["parameters.seasonLength"]);
    const linear = await fieldErrorsOf({
      ...hourly,
      modelType: "linear_trend",
      parameters: { seasonality: "additive" },
    });
    expect(linear["parameters.seasonality"]).toEqual(["linear_trend takes no seasonality"]);
    const weights = await fieldErrorsOf({ ...hourly, parameters: { seasonLength: 24, alpha: 1.5 } });
    expect(Object.keys(weights)).toEqual(["parameters.alpha"]);
  });

  it("refuses bad series settings and a horizon reaching more than 366 days ahead", async () => {
    const errors = await fieldErrorsOf({
      ...hourly,
      parameters: { seasonLength: 24, bucket: "a while", history: 2, confidenceLevel: 100 },
    });
    expect(Object.keys(errors).sort()).toEqual([
      "parameters.bucket",
      "parameters.confidenceLevel",
      "parameters.history",
    ]);
    const far = await fieldErrorsOf({ ...hourly, parameters: { seasonLength: 7, bucket: "1 day" }, horizon: 400 });
    expect(far.horizon?.[0]).toContain("366 days");
  });
});

describe("forecast models of two organizations", () => {
  it("never shows one organization's models to another", async () => {
    const mine = await models().create.mutate({ ...hourly, name: "private model" });
    expect(await codeOf(models(other).get.query({ modelId: mine.id }))).toBe("NOT_FOUND");
    expect(await codeOf(models(other).update.mutate({ modelId: mine.id, name: "taken over" }))).toBe("NOT_FOUND");
    expect(await codeOf(models(other).delete.mutate({ modelId: mine.id }))).toBe("NOT_FOUND");
    expect((await models(other).list.query({})).items).toEqual([]);
    expect(await models().get.query({ modelId: mine.id })).toMatchObject({ name: "private model" });
  });

  it("lets a viewer read models but not create them", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    const asViewer = kit.as(viewer, org.id).telemetry.forecasts.models;
    expect((await asViewer.list.query({ limit: 1 })).items).toHaveLength(1);
    expect(await codeOf(asViewer.create.mutate({ ...hourly, name: "viewer model" }))).toBe("FORBIDDEN");
  });
});
