import { describe, expect, it } from "vitest";
import { LOCAL_SERVICE_URLS, mayCall, SERVICE_CALLS } from "./service-calls";
import { loadConfig } from "./load-config";
import { peerUrlsFrom, platformEnvSchema } from "./platform-env";
import { SERVICE_NAMES, type ServiceName } from "./service-ports";

interface BoundaryRule {
  sourceTag: string;
  onlyDependOnLibsWithTags: string[];
}

/** The scope rules of the module-boundary lint, as eslint.config.mjs declares them. */
async function lintScopeRules(): Promise<BoundaryRule[]> {
  const config = (await import(new URL("../../../../eslint.config.mjs", import.meta.url).href)) as {
    default: { rules?: Record<string, unknown> }[];
  };
  const boundaries = config.default.map((entry) => entry.rules?.["@nx/enforce-module-boundaries"]).find(Boolean) as [
    string,
    { depConstraints: BoundaryRule[] },
  ];
  return boundaries[1].depConstraints.filter((rule) => rule.sourceTag.startsWith("scope:"));
}

function reaches(from: ServiceName, to: ServiceName, seen = new Set<ServiceName>()): boolean {
  return SERVICE_CALLS[from].some(
    (next) => next === to || (!seen.has(next) && (seen.add(next), reaches(next, to, seen))),
  );
}

describe("calls between services", () => {
  it("lets lore call vector and storage, and nothing else call anyone", () => {
    expect(mayCall("lore", "vector")).toBe(true);
    expect(mayCall("lore", "storage")).toBe(true);
    const others = SERVICE_NAMES.flatMap((caller) => SERVICE_CALLS[caller].map((callee) => `${caller}→${callee}`));
    expect(others.sort()).toEqual(["lore→storage", "lore→vector"]);
  });

  it("forms no cycle, and nothing calls lore or telemetry", () => {
    for (const service of SERVICE_NAMES) expect(reaches(service, service), service).toBe(false);
    for (const caller of SERVICE_NAMES) {
      expect(mayCall(caller, "lore")).toBe(false);
      expect(mayCall(caller, "telemetry")).toBe(false);
    }
  });

  it("agrees with the module-boundary lint: a service may import exactly the client libs of what it calls", async () => {
    const rules = await lintScopeRules();
    for (const service of SERVICE_NAMES) {
      const rule = rules.find((candidate) => candidate.sourceTag === `scope:${service}`);
      const reachable = (rule?.onlyDependOnLibsWithTags ?? [])
        .filter((tag) => tag !== `scope:${service}` && tag !== "scope:shared")
        .map((tag) => tag.replace("scope:", ""))
        .sort();
      expect(reachable, service).toEqual([...SERVICE_CALLS[service]].sort());
    }
  });

  it("reads each peer's URL from *_SERVICE_URL, defaulting to the local stack", () => {
    expect(peerUrlsFrom(loadConfig(platformEnvSchema, {}))).toEqual(LOCAL_SERVICE_URLS);
    const configured = loadConfig(platformEnvSchema, { VECTOR_SERVICE_URL: "http://vector.cauldron.svc:4104" });
    expect(peerUrlsFrom(configured).vector).toBe("http://vector.cauldron.svc:4104");
    expect(() => loadConfig(platformEnvSchema, { STORAGE_SERVICE_URL: "ftp://storage" })).toThrow(
      /STORAGE_SERVICE_URL/,
    );
  });
});
