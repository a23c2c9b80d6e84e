import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "apps/auth/src/main.ts"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("service start-up", () => {
  it("stops at start with a message naming each bad environment variable", () => {
    const result = startWith({ DATABASE_URL: "mysql://localhost/cauldron", PORT: "eighty" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("PORT");
  });

  it("refuses to run in production without a service token secret", () => {
    const result = startWith({ NODE_ENV: "production", SERVICE_TOKEN_SECRET: "" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("SERVICE_TOKEN_SECRET");
  });
});
