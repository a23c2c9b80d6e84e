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

  it("trusts only loopback proxies unless told otherwise, and reads a list of names and ranges", () => {
    expect(loadConfig(platformEnvSchema, {}).TRUSTED_PROXIES).toEqual(["loopback"]);
    const configured = loadConfig(platformEnvSchema, { TRUSTED_PROXIES: "loopback, 10.42.0.0/16 ,fd00::/8,192.0.2.7" });
    expect(configured.TRUSTED_PROXIES).toEqual(["loopback", "10.42.0.0/16", "fd00::/8", "192.0.2.7"]);
  });

  it("refuses a trusted proxy that is neither a known name, an address nor a range", () => {
    for (const bad of ["everyone", "10.0.0.0/33", "10.0.0.1/8/1", "example.com"]) {
      expect(() => loadConfig(platformEnvSchema, { TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });

  it("bounds requests, batches and database sessions by default", () => {
    const config = loadConfig(platformEnvSchema, {});
    expect(config.HTTP_HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(config.HTTP_REQUEST_TIMEOUT_MS);
    expect(config.RPC_MAX_BATCH_SIZE).toBe(50);
    expect(config.DATABASE_CONNECTION_TIMEOUT_MS).toBeGreaterThan(0);
    expect(config.DATABASE_STATEMENT_TIMEOUT_MS).toBeGreaterThan(0);
    expect(config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS).toBeGreaterThan(0);
    expect(loadConfig(platformEnvSchema, { DATABASE_STATEMENT_TIMEOUT_MS: "0" }).DATABASE_STATEMENT_TIMEOUT_MS).toBe(0);
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
