import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config";
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL, platformEnvSchema } from "./platform-env";

describe("loadConfig", () => {
  it("defaults every variable to the local stack", () => {
    const config = loadConfig(platformEnvSchema, {});
    expect(config.DATABASE_URL).toBe(LOCAL_DATABASE_URL);
    expect(config.REDIS_URL).toBe(LOCAL_REDIS_URL);
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.DATABASE_POOL_MAX).toBe(10);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig(platformEnvSchema, { DATABASE_URL: "", LOG_LEVEL: "" }).DATABASE_URL).toBe(LOCAL_DATABASE_URL);
  });

  it("coerces numbers from their string form", () => {
    expect(loadConfig(platformEnvSchema, { DATABASE_POOL_MAX: "25" }).DATABASE_POOL_MAX).toBe(25);
  });

  it("names every bad variable in one error", () => {
    let thrown: unknown;
    try {
      loadConfig(platformEnvSchema, {
        DATABASE_URL: "mysql://nope",
        DATABASE_POOL_MAX: "many",
        LOG_LEVEL: "loud",
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const variables = (thrown as ConfigError).issues.map((issue) => issue.variable).sort();
    expect(variables).toEqual(["DATABASE_POOL_MAX", "DATABASE_URL", "LOG_LEVEL"]);
    expect((thrown as ConfigError).message).toContain("DATABASE_URL");
  });
});
