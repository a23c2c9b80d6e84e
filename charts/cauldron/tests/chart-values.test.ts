import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { beforeAll, describe, expect, it } from "vitest";
import type { HelmOutcome } from "../../../tools/helm/run-helm";
import { lintChart, renderChart, renderingError, renderNotes, type Manifest } from "./helm-chart";
import { objectNamed, objectsOfKind } from "./rendered-objects";

/** Values that values.schema.json must refuse, each with the line Helm reports for it. */
const REJECTED: [string, string, RegExp][] = [
  [
    "a replica count that is not a number",
    "services.auth.replicaCount=two",
    /'\/services\/auth\/replicaCount': got string, want integer/,
  ],
  [
    "a service the chart does not know",
    "services.billing.enabled=true",
    /'\/services': additional properties 'billing' not allowed/,
  ],
  ["an unknown top-level key", "replicaCount=3", /at '': additional properties 'replicaCount' not allowed/],
  [
    "a misspelled key inside a service",
    "services.org.autoscalling.enabled=true",
    /'\/services\/org': additional properties 'autoscalling'/,
  ],
  [
    "a credential put into the plain config",
    "config.extraEnv.DATABASE_PASSWORD=hunter2",
    /invalid propertyName 'DATABASE_PASSWORD'/,
  ],
  [
    "a credential put into a service's plain env",
    "services.vector.env.OPENAI_API_TOKEN=sk-123",
    /invalid propertyName 'OPENAI_API_TOKEN'/,
  ],
  ["running as root", "securityContext.runAsUser=0", /'\/securityContext\/runAsUser': minimum: got 0, want 1/],
  [
    "an unknown Ingress rewrite mode",
    "ingress.rewrite=traefik",
    /'\/ingress\/rewrite': value must be one of 'nginx', 'none'/,
  ],
  [
    "a resource quantity with a typo",
    "services.lore.resources.limits.memory=1GB",
    /'\/services\/lore\/resources\/limits\/memory': '1GB' does not match/,
  ],
  ["an image digest that is not sha256", "image.digest=latest", /'\/image\/digest': 'latest' does not match/],
  [
    "a trusted proxy list that is not addresses",
    "config.trustedProxies=everyone; rm -rf",
    /'\/config\/trustedProxies': 'everyone; rm -rf' does not match/,
  ],
  [
    "an Ingress path that is not absolute",
    "services.org.ingress.paths[0]=metrics",
    /'\/services\/org\/ingress\/paths\/0': 'metrics' does not match/,
  ],
  [
    "the S3 backend without a bucket",
    "objectStore.backend=s3",
    /'\/objectStore\/s3\/bucket': minLength: got 0, want 3/,
  ],
  [
    "a storage backend set past objectStore",
    "services.storage.env.STORAGE_BACKEND=s3",
    /invalid propertyName 'STORAGE_BACKEND'/,
  ],
  [
    "a volume access mode Kubernetes lacks",
    "objectStore.filesystem.accessModes[0]=ReadWriteAll",
    /'\/objectStore\/filesystem\/accessModes\/0': value must be one of/,
  ],
  [
    "a public URL without a scheme",
    "publicUrls.app=app.example.com",
    /'\/publicUrls\/app': 'app.example.com' does not match/,
  ],
  ["a test timeout of zero", "tests.timeoutSeconds=0", /'\/tests\/timeoutSeconds': minimum: got 0, want 1/],
];

/** Values the templates themselves refuse (or the schema first), with what Helm reports. */
const GUARDS: [string, string[], RegExp][] = [
  ["to render without a database host", ["database.host="], /'\/database\/host': minLength: got 0, want 1/],
  [
    "a termination grace period that would kill pods mid-drain",
    ["shutdown.terminationGracePeriodSeconds=12"],
    /terminationGracePeriodSeconds \(12\) must exceed/,
  ],
  [
    "an autoscaler whose minimum exceeds its maximum",
    ["services.org.autoscaling.enabled=true", "services.org.autoscaling.minReplicas=9"],
    /minReplicas \(9\) exceeds maxReplicas/,
  ],
  [
    "several storage replicas on a volume only one node can mount",
    ["services.storage.replicaCount=2"],
    /more than one storage replica needs a ReadWriteMany volume/,
  ],
];

const TAILORED = [
  "services.telemetry.enabled=false",
  "services.lore.replicaCount=4",
  "config.trustedProxies=10.42.0.0/16",
  "ingress.rewrite=none",
  "ingress.className=traefik",
];

let defaults: Manifest[];
let tailored: Manifest[];
let withoutIngress: Manifest[];
let rejection: string;
let rejectingLint: HelmOutcome;
let acceptingLint: HelmOutcome;
const guardErrors = new Map<string, string>();

beforeAll(async () => {
  [defaults, tailored, withoutIngress, rejection, rejectingLint, acceptingLint] = await Promise.all([
    renderChart(),
    renderChart({ set: TAILORED }),
    renderChart({ set: ["ingress.enabled=false"] }),
    renderingError({ set: REJECTED.map(([, expression]) => expression) }),
    lintChart({ set: REJECTED.map(([, expression]) => expression) }),
    lintChart({
      set: [
        "database.host=db.internal",
        "database.sslMode=verify-full",
        "services.auth.env.ACCESS_TOKEN_TTL_SECONDS=600",
        "services.lore.env.LORE_CHUNK_TOKENS=512",
        "services.telemetry.env.TELEMETRY_WEBHOOK_ALLOW_PRIVATE=true",
      ],
    }),
    ...GUARDS.map(async ([what, set]) => guardErrors.set(what, await renderingError({ set }))),
  ]);
}, 120_000);

describe("switching services and scaling", () => {
  it("drops every object of a service that is switched off, its Ingress paths and its addresses", () => {
    expect(tailored.filter((m) => m.metadata.name === "cauldron-telemetry")).toEqual([]);
    const configMap = objectNamed<IConfigMap>(tailored, "ConfigMap", "cauldron-config");
    expect(configMap.data?.TELEMETRY_SERVICE_URL).toBeUndefined();
    expect(configMap.data?.TELEMETRY_SCRAPE_TARGETS).toBeUndefined();
    const ingress = objectNamed<IIngress>(tailored, "Ingress", "cauldron");
    const backends = ingress.spec?.rules?.[0]?.http?.paths.map((p) => p.backend.service?.name);
    expect(backends).not.toContain("cauldron-telemetry");
    expect(objectsOfKind(tailored, "Deployment").size).toBe(5);
  });

  it("scales one service without touching the others", () => {
    const replicas = (name: string) => objectNamed<IDeployment>(tailored, "Deployment", name).spec?.replicas;
    expect(replicas("cauldron-lore")).toBe(4);
    expect(replicas("cauldron-org")).toBe(1);
  });

  it("leaves out the Ingress, and the ingress controller's NetworkPolicy rule, when the Ingress is off", () => {
    expect(objectsOfKind(withoutIngress, "Ingress").size).toBe(0);
    for (const policy of objectsOfKind<INetworkPolicy>(withoutIngress, "NetworkPolicy").values()) {
      expect(policy.spec?.ingress).toHaveLength(1);
    }
  });

  it("hands the trusted proxies to every service, loopback only unless set", () => {
    const trusted = (manifests: Manifest[]) =>
      objectNamed<IConfigMap>(manifests, "ConfigMap", "cauldron-config").data?.TRUSTED_PROXIES;
    expect(trusted(defaults)).toBe("loopback");
    expect(trusted(tailored)).toBe("10.42.0.0/16");
  });

  it("uses plain Prefix paths when the prefix is stripped by another controller", () => {
    const ingress = objectNamed<IIngress>(tailored, "Ingress", "cauldron");
    expect(ingress.metadata?.annotations).toBeUndefined();
    expect(ingress.spec?.ingressClassName).toBe("traefik");
    const paths = ingress.spec?.rules?.[0]?.http?.paths.map((p) => [p.path, p.pathType]);
    expect(paths).toContainEqual(["/auth/trpc", "Prefix"]);
    expect(paths).toContainEqual(["/org/audit/export", "Prefix"]);
    expect(paths?.filter(([path]) => /\/(metrics|readyz|healthz|statusz)$/.test(path ?? ""))).toEqual([]);
  });
});

describe("values.schema.json, enforced by Helm itself", () => {
  it.each(REJECTED)("rejects %s (--set %s)", (_what, _expression, reported) => {
    expect(rejection).toMatch(/values don't meet the specifications of the schema/);
    expect(rejection).toMatch(reported);
  });

  it("fails helm lint --strict on the same values", () => {
    expect(rejectingLint.status).toBe(1);
    expect(rejectingLint.stdout).toMatch(/\[ERROR\] values.yaml:[\s\S]*'\/image\/digest'/);
  });

  it("accepts a minimal override, and tuning variables whose names merely mention a token", () => {
    expect(acceptingLint.status, acceptingLint.stdout + acceptingLint.stderr).toBe(0);
  });
});

describe("guards in the templates", () => {
  it.each(GUARDS)("refuses %s", (what, _set, reported) => {
    expect(guardErrors.get(what)).toMatch(reported);
  });
});

describe("the notes Helm prints after installing", () => {
  it("tells the operator which Secrets to create and how to test the release", async () => {
    const notes = await renderNotes({ valuesFiles: ["ci/production-values.yaml"] });
    expect(notes).toContain("cauldron-database (keys app-password, owner-password)");
    expect(notes).toContain("cauldron-redis (key password)");
    expect(notes).toContain("cauldron-object-store (key access-key-id)");
    expect(notes).toContain("cauldron-object-store (key secret-access-key)");
    expect(notes).toContain("cauldron-storage-keys (key signing-keys)");
    expect(notes).toContain("cauldron-chat-extractor (key api-key)");
    expect(notes).toContain("https://api.cauldron.example.com/auth/");
    expect(notes).toContain("helm test cauldron -n default --logs");
  });
});
