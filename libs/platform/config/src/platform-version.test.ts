import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PLATFORM_VERSION } from "./platform-version";

describe("platform version", () => {
  it("matches the version in the root package.json", () => {
    const rootPackage = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(PLATFORM_VERSION).toBe(rootPackage.version);
  });
});
