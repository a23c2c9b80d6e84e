import { ConfigError } from "@cauldron/config";
import { describe, expect, it } from "vitest";
import { scrapeJobOptions } from "./scrape-config";
import { scrapeServicesJobs } from "./scrape-services-job";

function problemsOf(targets: string): string[] {
  try {
    scrapeJobOptions({ TELEMETRY_SCRAPE_TARGETS: targets });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  throw new Error("the targets were accepted");
}

describe("TELEMETRY_SCRAPE_TARGETS", () => {
  it("reads name=url entries, scraping /metrics below each base URL", () => {
    const config = scrapeJobOptions({
      TELEMETRY_SCRAPE_TARGETS:
        " auth=http://auth:4101 , org=http://org:4102/,lore=https://lore.internal/lore/,vector=http://vector:4104/metrics,",
    });
    expect(config.targets).toEqual([
      { name: "auth", metricsUrl: "http://auth:4101/metrics" },
      { name: "org", metricsUrl: "http://org:4102/metrics" },
      { name: "lore", metricsUrl: "https://lore.internal/lore/metrics" },
      { name: "vector", metricsUrl: "http://vector:4104/metrics" },
    ]);
    expect(config.everyMs).toBe(15_000);
    expect(config.timeoutMs).toBe(5_000);
  });

  it("scrapes nothing, and runs no job, when no target is configured", () => {
    const config = scrapeJobOptions({});
    expect(config.targets).toEqual([]);
    expect(scrapeServicesJobs(config)).toEqual([]);
    const [job] = scrapeServicesJobs(
      scrapeJobOptions({ TELEMETRY_SCRAPE_TARGETS: "auth=http://auth:4101", TELEMETRY_SCRAPE_EVERY_MS: "30000" }),
    );
    expect(job).toMatchObject({ kind: "job", name: "telemetry.scrape-services", everyMs: 30_000 });
  });

  it.each([
    ["auth", 'TELEMETRY_SCRAPE_TARGETS: "auth" is not name=http://host:port, e.g. auth=http://auth:4101'],
    ["=http://auth:4101", 'TELEMETRY_SCRAPE_TARGETS: "" is not a target name'],
    ["a b=http://auth:4101", 'TELEMETRY_SCRAPE_TARGETS: "a b" is not a target name'],
    ["auth=http://", 'TELEMETRY_SCRAPE_TARGETS: auth: "http://" is not a URL'],
    ["auth=ftp://auth/", "TELEMETRY_SCRAPE_TARGETS: auth: the URL must be http or https"],
    ["auth=http://user:pw@auth:4101", "TELEMETRY_SCRAPE_TARGETS: auth: the URL must not carry credentials"],
    ["auth=http://auth:4101/?token=x", "TELEMETRY_SCRAPE_TARGETS: auth: the URL must not carry a query or fragment"],
    ["auth=http://a:1,auth=http://b:2", "TELEMETRY_SCRAPE_TARGETS: target auth is named twice"],
  ])("refuses %j with a message naming the entry", (targets, message) => {
    const problems = problemsOf(targets);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("refuses a scrape period or timeout out of range", () => {
    expect(() => scrapeJobOptions({ TELEMETRY_SCRAPE_EVERY_MS: "10" })).toThrow(/TELEMETRY_SCRAPE_EVERY_MS/);
    expect(() => scrapeJobOptions({ TELEMETRY_SCRAPE_TIMEOUT_MS: "soon" })).toThrow(/TELEMETRY_SCRAPE_TIMEOUT_MS/);
  });
});
