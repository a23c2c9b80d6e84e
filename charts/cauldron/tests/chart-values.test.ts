import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { beforeAll, describe, expect, it } from "vitest";
import { buildRenderer, chartValues, objectsOfKind, renderChart, renderNotes } from "./chart-render";
import { schemaViolations } from "./values-schema";

beforeAll(buildRenderer, 600_000);

function valuesFile(yamlText: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cauldron-values-"));
  const file = path.join(dir, "values.yaml");
  writeFileSync(file, yamlText);
  return file;
}

describe("switching services and scaling", () => {
  it("drops every object of a service that is switched off, and its Ingress path", () => {
    const manifests = renderChart({ set: ["services.telemetry.enabled=false"] });
    const leftovers = manifests.filter((m) => m.metadata.name === "cauldron-telemetry");
    expect(leftovers).toEqual([]);
    const configMap = objectsOfKind(manifests, "ConfigMap").get("cauldron-config") as unknown as IConfigMap;
    expect(configMap.data?.TELEMETRY_SERVICE_URL).toBeUndefined();
    const ingress = objectsOfKind(manifests, "Ingress").get("cauldron") as unknown as IIngress;
    const backends = ingress.spec?.rules?.[0]?.http?.paths.map((p) => p.backend.service?.name);
    expect(backends).not.toContain("cauldron-telemetry");
    expect(objectsOfKind(manifests, "Deployment").size).toBe(5);
  });

  it("scales one service without touching the others", () => {
    const manifests = renderChart({ set: ["services.lore.replicaCount=4"] });
    const replicas = (name: string) =>
      (objectsOfKind(manifests, "Deployment").get(name) as unknown as IDeployment).spec?.replicas;
    expect(replicas("cauldron-lore")).toBe(4);
    expect(replicas("cauldron-org")).toBe(1);
  });

  it("leaves out the Ingress, and the ingress controller's NetworkPolicy rule, when the Ingress is off", () => {
    const manifests = renderChart({ set: ["ingress.enabled=false"] });
    expect(objectsOfKind(manifests, "Ingress").size).toBe(0);
    for (const policy of objectsOfKind(manifests, "NetworkPolicy").values()) {
      expect((policy.spec as { ingress: unknown[] }).ingress).toHaveLength(1);
    }
  });

  it("hands the trusted proxies to every service, loopback only unless set", () => {
    const trusted = (set: string[]) => {
      const configMap = objectsOfKind(renderChart({ set }), "ConfigMap").get(
        "cauldron-config",
      ) as unknown as IConfigMap;
      return configMap.data?.TRUSTED_PROXIES;
    };
    expect(trusted([])).toBe("loopback");
    expect(trusted(["config.trustedProxies=10.42.0.0/16"])).toBe("10.42.0.0/16");
  });

  it("uses plain Prefix paths when the prefix is stripped by another controller", () => {
    const manifests = renderChart({ set: ["ingress.rewrite=none", "ingress.className=traefik"] });
    const ingress = objectsOfKind(manifests, "Ingress").get("cauldron") as unknown as IIngress;
    expect(ingress.metadata?.annotations).toBeUndefined();
    const paths = ingress.spec?.rules?.[0]?.http?.paths.map((p) => [p.path, p.pathType]);
    expect(paths).toContainEqual(["/auth/trpc", "Prefix"]);
    expect(paths).toContainEqual(["/org/audit/export", "Prefix"]);
    expect(paths?.filter(([path]) => /\/(metrics|readyz|healthz)$/.test(path ?? ""))).toEqual([]);
  });
});

describe("values.schema.json", () => {
  const rejected: [string, string][] = [
    ["a replica count that is not a number", "services:\n  auth:\n    replicaCount: two\n"],
    ["a service the chart does not know", "services:\n  billing:\n    enabled: true\n"],
    ["an unknown top-level key", "replicaCount: 3\n"],
    ["a misspelled key inside a service", "services:\n  org:\n    autoscalling:\n      enabled: true\n"],
    ["a credential put into the plain config", "config:\n  extraEnv:\n    DATABASE_PASSWORD: hunter2\n"],
    ["a credential put into a service's plain env", "services:\n  vector:\n    env:\n      OPENAI_API_TOKEN: sk-123\n"],
    ["running as root", "securityContext:\n  runAsUser: 0\n"],
    ["an unknown Ingress rewrite mode", "ingress:\n  rewrite: traefik\n"],
    ["a resource quantity with a typo", "services:\n  lore:\n    resources:\n      limits:\n        memory: 1GB\n"],
    ["an image digest that is not sha256", "image:\n  digest: latest\n"],
    ["a trusted proxy list that is not addresses", "config:\n  trustedProxies: 'everyone; rm -rf'\n"],
    ["an Ingress path that is not absolute", "services:\n  org:\n    ingress:\n      paths: [metrics]\n"],
  ];

  it.each(rejected)("rejects %s", (_what, yamlText) => {
    const values = chartValues({ valuesFiles: [valuesFile(yamlText)] });
    expect(schemaViolations(values)).not.toEqual([]);
  });

  it("names the offending value in its report", () => {
    const values = chartValues({ valuesFiles: [valuesFile("services:\n  auth:\n    port: '4101'\n")] });
    expect(schemaViolations(values).join("\n")).toMatch(/services.auth.port/);
  });

  it("accepts a minimal override of the defaults", () => {
    const values = chartValues({
      valuesFiles: [valuesFile("database:\n  host: db.internal\n  sslMode: verify-full\n")],
    });
    expect(schemaViolations(values)).toEqual([]);
  });
});

describe("guards in the templates", () => {
  it("refuses to render without a database host", () => {
    expect(() => renderChart({ set: ["database.host="] })).toThrow(/database.host is required/);
  });

  it("refuses a termination grace period that would kill pods mid-drain", () => {
    expect(() => renderChart({ set: ["shutdown.terminationGracePeriodSeconds=12"] })).toThrow(
      /terminationGracePeriodSeconds \(12\) must exceed/,
    );
  });

  it("refuses an autoscaler whose minimum exceeds its maximum", () => {
    expect(() =>
      renderChart({ set: ["services.org.autoscaling.enabled=true", "services.org.autoscaling.minReplicas=9"] }),
    ).toThrow(/minReplicas \(9\) exceeds maxReplicas/);
  });

  it("tells the operator which Secrets to create", () => {
    const notes = renderNotes({ valuesFiles: ["ci/production-values.yaml"] });
    expect(notes).toContain("cauldron-database (keys app-password, owner-password)");
    expect(notes).toContain("cauldron-redis (key password)");
    expect(notes).toContain("cauldron-object-store (key secret-access-key)");
    expect(notes).toContain("https://api.cauldron.example.com/auth/");
  });
});
