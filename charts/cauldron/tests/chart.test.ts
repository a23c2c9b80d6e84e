import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IService } from "kubernetes-models/v1/Service";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildRenderer,
  chartValues,
  objectsOfKind,
  renderChart,
  type Manifest,
  type RenderOptions,
} from "./chart-render";
import { validateManifest } from "./kubernetes-schemas";
import { schemaViolations } from "./values-schema";

const SERVICES = ["auth", "org", "lore", "vector", "telemetry", "storage"] as const;
const SECRET_LOOKING = /PASSWORD|SECRET|TOKEN|PRIVATE|SIGNING|ENCRYPTION|API_KEY|ACCESS_KEY|CREDENTIAL/;
/** A URL carrying a literal password (a $(VAR) reference expanded inside the pod is fine). */
const URL_WITH_LITERAL_PASSWORD = /:\/\/[^/@\s]*:(?!\$\()[^@/\s]+@/;

interface ServiceValues {
  enabled: boolean;
  port: number;
  replicaCount: number;
  autoscaling: { enabled: boolean; minReplicas: number; maxReplicas: number };
  ingress: { enabled: boolean };
}
interface ChartValues {
  services: Record<(typeof SERVICES)[number], ServiceValues>;
  ingress: { enabled: boolean };
}

function podSpecs(manifests: Manifest[]): [string, IPodSpec][] {
  const pods: [string, IPodSpec][] = [];
  for (const m of manifests.filter((m) => m.kind === "Deployment" || m.kind === "Job")) {
    const spec = (m as unknown as IDeployment | IJob).spec?.template.spec;
    if (spec) pods.push([`${m.kind}/${m.metadata.name}`, spec]);
  }
  return pods;
}

const CASES: [string, RenderOptions][] = [
  ["default values", {}],
  ["production values (ci/production-values.yaml)", { valuesFiles: ["ci/production-values.yaml"] }],
];

beforeAll(buildRenderer, 600_000);

describe.each(CASES)("the chart rendered with %s", (_label, options) => {
  let manifests: Manifest[];
  let values: ChartValues;
  beforeAll(() => {
    manifests = renderChart(options);
    values = chartValues(options) as ChartValues;
  });
  const deploymentOf = (service: string) =>
    objectsOfKind(manifests, "Deployment").get(`cauldron-${service}`) as unknown as IDeployment | undefined;

  it("uses values that satisfy values.schema.json", () => {
    expect(schemaViolations(values)).toEqual([]);
  });

  it("renders only objects that validate against the Kubernetes API schemas", () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) validateManifest(manifest);
  });

  it("gives every service a Deployment probing /healthz for startup and liveness and /readyz for readiness", () => {
    for (const service of SERVICES) {
      const container = deploymentOf(service)?.spec?.template.spec?.containers[0];
      expect(container, service).toBeDefined();
      expect(container?.args).toEqual(["node", "--enable-source-maps", `/app/dist/${service}/main.mjs`]);
      expect(container?.startupProbe?.httpGet?.path).toBe("/healthz");
      expect(container?.livenessProbe?.httpGet?.path).toBe("/healthz");
      expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
      const port = container?.ports?.find((p) => p.name === "http")?.containerPort;
      expect(port).toBe(values.services[service].port);
      expect(container?.env).toContainEqual({ name: "PORT", value: String(port) });
    }
  });

  it("runs every pod as non-root with a read-only root filesystem, no privilege escalation and no capabilities", () => {
    const pods = podSpecs(manifests);
    expect(pods.map(([name]) => name)).toContain("Job/cauldron-migrations");
    for (const [name, pod] of pods) {
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken, name).toBe(false);
      for (const container of pod.containers) {
        const context = container.securityContext;
        expect(context?.runAsNonRoot, name).toBe(true);
        expect(context?.readOnlyRootFilesystem, name).toBe(true);
        expect(context?.allowPrivilegeEscalation, name).toBe(false);
        expect(context?.capabilities?.drop, name).toEqual(["ALL"]);
        expect(context?.capabilities?.add, name).toBeUndefined();
        expect(
          container.volumeMounts?.some((m) => m.mountPath === "/tmp"),
          `${name} writable /tmp`,
        ).toBe(true);
      }
    }
  });

  it("sets CPU and memory requests and a memory limit on every container", () => {
    for (const [name, pod] of podSpecs(manifests)) {
      for (const container of pod.containers) {
        expect(container.resources?.requests?.cpu, name).toBeDefined();
        expect(container.resources?.requests?.memory, name).toBeDefined();
        expect(container.resources?.limits?.memory, name).toBeDefined();
      }
    }
  });

  it("gives every service a Service, ServiceAccount, PodDisruptionBudget and NetworkPolicy that select its pods", () => {
    for (const service of SERVICES) {
      const name = `cauldron-${service}`;
      const podLabels = deploymentOf(service)?.spec?.template.metadata?.labels ?? {};
      const selects = (selector: Record<string, string> | undefined) =>
        Object.entries(selector ?? { none: "" }).every(([k, v]) => podLabels[k] === v);
      const svc = objectsOfKind(manifests, "Service").get(name) as unknown as IService;
      expect(selects(svc.spec?.selector), `Service ${name}`).toBe(true);
      expect(svc.spec?.ports?.[0]).toMatchObject({
        name: "http",
        port: values.services[service].port,
        targetPort: "http",
      });
      expect(objectsOfKind(manifests, "ServiceAccount").has(name)).toBe(true);
      const pdb = objectsOfKind(manifests, "PodDisruptionBudget").get(name) as unknown as IPodDisruptionBudget;
      expect(selects(pdb.spec?.selector?.matchLabels), `PDB ${name}`).toBe(true);
      // The offline schema accepts any string here; the API server wants a count or a percentage.
      const budgets = [pdb.spec?.maxUnavailable, pdb.spec?.minAvailable].filter((b) => b !== undefined);
      expect(budgets, `PDB ${name} sets exactly one budget`).toHaveLength(1);
      expect(String(budgets[0])).toMatch(/^\d+%?$/);
      const policy = objectsOfKind(manifests, "NetworkPolicy").get(name) as unknown as INetworkPolicy;
      expect(selects(policy.spec?.podSelector.matchLabels), `NetworkPolicy ${name}`).toBe(true);
      expect(policy.spec?.policyTypes).toEqual(["Ingress"]);
    }
  });

  it("lets only the ingress controller, sibling services and (when scraped) Prometheus call in", () => {
    for (const service of SERVICES) {
      const policy = objectsOfKind(manifests, "NetworkPolicy").get(`cauldron-${service}`) as unknown as INetworkPolicy;
      const rules = policy.spec?.ingress ?? [];
      const peers = rules.flatMap((rule) => rule.from ?? []);
      expect(peers.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.ports).toEqual([{ port: values.services[service].port, protocol: "TCP" }]);
      expect(peers[0]).toEqual({
        podSelector: {
          matchLabels: { "app.kubernetes.io/name": "cauldron", "app.kubernetes.io/instance": "cauldron" },
        },
      });
      for (const peer of peers.slice(1)) {
        expect(peer.namespaceSelector, "outside peers are pinned to a namespace").toBeDefined();
        expect(peer.ipBlock).toBeUndefined();
      }
      const routed = values.ingress.enabled && values.services[service].ingress.enabled;
      expect(peers.length > 1).toBe(routed || objectsOfKind(manifests, "ServiceMonitor").size > 0);
    }
  });

  it("creates a HorizontalPodAutoscaler exactly for services with autoscaling on, and leaves replicas to it", () => {
    const hpas = objectsOfKind(manifests, "HorizontalPodAutoscaler");
    for (const service of SERVICES) {
      const settings = values.services[service];
      const hpa = hpas.get(`cauldron-${service}`) as unknown as IHorizontalPodAutoscaler | undefined;
      const deployment = deploymentOf(service);
      if (settings.autoscaling.enabled) {
        expect(hpa?.spec?.scaleTargetRef).toEqual({
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: `cauldron-${service}`,
        });
        expect(hpa?.spec?.minReplicas).toBe(settings.autoscaling.minReplicas);
        expect(hpa?.spec?.maxReplicas).toBe(settings.autoscaling.maxReplicas);
        expect(deployment?.spec?.replicas).toBeUndefined();
      } else {
        expect(hpa).toBeUndefined();
        expect(deployment?.spec?.replicas).toBe(settings.replicaCount);
      }
    }
  });

  it("runs the migrations as a pre-install/pre-upgrade hook Job connecting as the owner role", () => {
    const job = objectsOfKind(manifests, "Job").get("cauldron-migrations") as unknown as IJob;
    expect(job.metadata?.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    const container = job.spec?.template.spec?.containers[0];
    expect(container?.args).toEqual(["node", "--enable-source-maps", "/app/dist/migrate.mjs", "up"]);
    const ownerUrl = container?.env?.find((e) => e.name === "DATABASE_OWNER_URL")?.value ?? "";
    expect(ownerUrl).toMatch(/^postgres:\/\/cauldron_owner:\$\(DATABASE_OWNER_PASSWORD\)@/);
    // A pre-install hook runs before the release's other objects exist.
    expect(container?.envFrom).toBeUndefined();
    expect(job.spec?.template.spec?.serviceAccountName).toBeUndefined();
  });

  it("keeps every secret out of ConfigMaps and manifests: credentials come only from secretKeyRef", () => {
    expect(objectsOfKind(manifests, "Secret").size).toBe(0);
    for (const configMap of objectsOfKind(manifests, "ConfigMap").values()) {
      for (const [key, value] of Object.entries((configMap as unknown as IConfigMap).data ?? {})) {
        expect(key, `ConfigMap key ${key}`).not.toMatch(SECRET_LOOKING);
        expect(value, `ConfigMap ${key}`).not.toMatch(URL_WITH_LITERAL_PASSWORD);
        expect(value, `ConfigMap ${key}`).not.toContain("$(");
      }
    }
    for (const [name, pod] of podSpecs(manifests)) {
      for (const env of pod.containers.flatMap((c) => c.env ?? [])) {
        if (SECRET_LOOKING.test(env.name)) {
          expect(env.value, `${name} ${env.name}`).toBeUndefined();
          expect(env.valueFrom?.secretKeyRef?.name, `${name} ${env.name}`).toBeTruthy();
        }
        expect(env.value ?? "", `${name} ${env.name}`).not.toMatch(URL_WITH_LITERAL_PASSWORD);
      }
    }
  });

  it("routes /<service>/ of the Ingress to each service that is routed, for its public paths only", () => {
    const ingress = objectsOfKind(manifests, "Ingress").get("cauldron") as unknown as IIngress;
    const paths = ingress.spec?.rules?.[0]?.http?.paths ?? [];
    const routed = SERVICES.filter((s) => values.services[s].ingress.enabled).sort();
    expect([...new Set(paths.map((p) => p.backend.service?.name))]).toEqual(routed.map((s) => `cauldron-${s}`));
    const rewrite = ingress.metadata?.annotations?.["nginx.ingress.kubernetes.io/rewrite-target"];
    expect(rewrite).toBe("$1");
    // ingress-nginx matches each path as a case-insensitive regex anchored at the start of the URI.
    const reached = (uri: string) =>
      paths.flatMap((path) => {
        const match = new RegExp(`^${path.path}`, "i").exec(uri);
        return match ? [`${path.backend.service?.name} ${rewrite?.replace("$1", match[1] ?? "")}`] : [];
      });
    for (const service of routed) {
      expect(reached(`/${service}/trpc/${service}.info`)).toEqual([`cauldron-${service} /trpc/${service}.info`]);
      expect(reached(`/${service}/trpc`)).toEqual([`cauldron-${service} /trpc`]);
      for (const internal of ["/metrics", "/readyz", "/healthz", "/trpcmetrics", "/", ""]) {
        expect(reached(`/${service}${internal}`), `/${service}${internal}`).toEqual([]);
      }
      for (const path of paths.filter((p) => p.backend.service?.name === `cauldron-${service}`)) {
        expect(path.backend.service?.port?.number).toBe(values.services[service].port);
      }
    }
    if (routed.includes("auth")) {
      expect(reached("/auth/.well-known/jwks.json")).toEqual(["cauldron-auth /.well-known/jwks.json"]);
    }
    if (routed.includes("org")) {
      expect(reached("/org/audit/export")).toEqual(["cauldron-org /audit/export"]);
    }
  });
});
