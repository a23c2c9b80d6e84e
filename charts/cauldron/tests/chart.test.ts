import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { IService } from "kubernetes-models/v1/Service";
import { beforeAll, describe, expect, it } from "vitest";
import { coalescedValues, SERVICES, type ChartValues } from "./coalesced-values";
import { lintChart, renderChart, type Manifest } from "./helm-chart";
import type { HelmOutcome } from "../../../tools/helm/run-helm";
import { validateManifest } from "./kubernetes-schemas";
import { isCredentialName, objectNamed, objectsOfKind, podSpecs } from "./rendered-objects";

/** A URL carrying a literal password (a $(VAR) reference expanded inside the pod is fine). */
const URL_WITH_LITERAL_PASSWORD = /:\/\/[^/@\s]*:(?!\$\()[^@/\s]+@/;

const VALUES_FILES: Record<string, string[]> = {
  "default values": [],
  "production-like values (ci/production-values.yaml)": ["ci/production-values.yaml"],
  "every option on (ci/every-option-values.yaml)": ["ci/every-option-values.yaml"],
};

interface Rendered {
  manifests: Manifest[];
  values: ChartValues;
  lint: HelmOutcome;
}
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  await Promise.all(
    Object.entries(VALUES_FILES).map(async ([label, valuesFiles]) => {
      const [manifests, lint] = await Promise.all([renderChart({ valuesFiles }), lintChart({ valuesFiles })]);
      rendered.set(label, { manifests, lint, values: coalescedValues(valuesFiles) });
    }),
  );
}, 120_000);

describe.each(Object.keys(VALUES_FILES))("the chart with %s", (label) => {
  let manifests: Manifest[];
  let values: ChartValues;
  let lint: HelmOutcome;
  beforeAll(() => {
    const result = rendered.get(label);
    if (!result) throw new Error(`${label} was not rendered`);
    ({ manifests, values, lint } = result);
  });
  const deploymentOf = (service: string) => objectNamed<IDeployment>(manifests, "Deployment", `cauldron-${service}`);

  it("passes helm lint --strict, values.schema.json included, without a warning", () => {
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
  });

  it("renders only objects that validate against the Kubernetes API schemas", () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) validateManifest(manifest);
  });

  it("gives every service a Deployment probing /healthz for startup and liveness and /readyz for readiness", () => {
    for (const service of SERVICES) {
      const container = deploymentOf(service).spec?.template.spec?.containers[0];
      expect(container?.args).toEqual(["node", "--enable-source-maps", `/app/dist/${service}/main.mjs`]);
      expect(container?.startupProbe?.httpGet?.path).toBe("/healthz");
      expect(container?.livenessProbe?.httpGet?.path).toBe("/healthz");
      expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
      const port = container?.ports?.find((p) => p.name === "http")?.containerPort;
      expect(port).toBe(values.services[service].port);
      expect(container?.env).toContainEqual({ name: "PORT", value: String(port) });
      const names = container?.env?.map((entry) => entry.name) ?? [];
      expect(
        names.filter((name, index) => names.indexOf(name) !== index),
        `${service} env named twice`,
      ).toEqual([]);
    }
  });

  it("runs every pod as non-root with a read-only root filesystem, no privilege escalation and no capabilities", () => {
    const pods = podSpecs(manifests);
    expect(pods.map(([name]) => name)).toEqual(
      expect.arrayContaining(["Job/cauldron-migrations", "Pod/cauldron-readyz-test"]),
    );
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
        expect(container.resources?.requests?.cpu, name).toBeDefined();
        expect(container.resources?.requests?.memory, name).toBeDefined();
        expect(container.resources?.limits?.memory, name).toBeDefined();
      }
    }
  });

  it("gives every service a Service, ServiceAccount, PodDisruptionBudget and NetworkPolicy that select its pods", () => {
    for (const service of SERVICES) {
      const name = `cauldron-${service}`;
      const podLabels = deploymentOf(service).spec?.template.metadata?.labels ?? {};
      const selects = (selector: Record<string, string> | undefined) =>
        Object.entries(selector ?? { none: "" }).every(([k, v]) => podLabels[k] === v);
      const svc = objectNamed<IService>(manifests, "Service", name);
      expect(selects(svc.spec?.selector), `Service ${name}`).toBe(true);
      expect(svc.spec?.ports?.[0]).toMatchObject({
        name: "http",
        port: values.services[service].port,
        targetPort: "http",
      });
      expect(objectsOfKind(manifests, "ServiceAccount").has(name)).toBe(true);
      const pdb = objectsOfKind<IPodDisruptionBudget>(manifests, "PodDisruptionBudget").get(name);
      if (pdb) {
        expect(selects(pdb.spec?.selector?.matchLabels), `PDB ${name}`).toBe(true);
        // The offline schema accepts any string here; the API server wants a count or a percentage.
        const budgets = [pdb.spec?.maxUnavailable, pdb.spec?.minAvailable].filter((b) => b !== undefined);
        expect(budgets, `PDB ${name} sets exactly one budget`).toHaveLength(1);
        expect(String(budgets[0])).toMatch(/^\d+%?$/);
      }
      const policy = objectNamed<INetworkPolicy>(manifests, "NetworkPolicy", name);
      expect(selects(policy.spec?.podSelector.matchLabels), `NetworkPolicy ${name}`).toBe(true);
      expect(policy.spec?.policyTypes).toEqual(["Ingress"]);
    }
  });

  it("lets only sibling pods, the ingress controller, Prometheus and the listed peers call in", () => {
    for (const service of SERVICES) {
      const policy = objectNamed<INetworkPolicy>(manifests, "NetworkPolicy", `cauldron-${service}`);
      const rules = policy.spec?.ingress ?? [];
      const peers = rules.flatMap((rule) => rule.from ?? []);
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
      const outside = routed || values.serviceMonitor.enabled || values.networkPolicy.extraFrom.length > 0;
      expect(peers.length > 1).toBe(outside);
    }
  });

  it("creates a HorizontalPodAutoscaler exactly for services with autoscaling on, and leaves replicas to it", () => {
    const hpas = objectsOfKind<IHorizontalPodAutoscaler>(manifests, "HorizontalPodAutoscaler");
    for (const service of SERVICES) {
      const settings = values.services[service];
      const hpa = hpas.get(`cauldron-${service}`);
      const deployment = deploymentOf(service);
      if (settings.autoscaling.enabled) {
        expect(hpa?.spec?.scaleTargetRef).toEqual({
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: `cauldron-${service}`,
        });
        expect(hpa?.spec?.minReplicas).toBe(settings.autoscaling.minReplicas);
        expect(hpa?.spec?.maxReplicas).toBe(settings.autoscaling.maxReplicas);
        expect(deployment.spec?.replicas).toBeUndefined();
      } else {
        expect(hpa).toBeUndefined();
        expect(deployment.spec?.replicas).toBe(settings.replicaCount);
      }
    }
  });

  it("runs the migrations as a pre-install/pre-upgrade hook Job connecting as the owner role", () => {
    const job = objectNamed<IJob>(manifests, "Job", "cauldron-migrations");
    expect(job.metadata?.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    const container = job.spec?.template.spec?.containers[0];
    expect(container?.args).toEqual(["node", "--enable-source-maps", "/app/dist/migrate.mjs", "up"]);
    const ownerUrl = container?.env?.find((e) => e.name === "DATABASE_OWNER_URL")?.value ?? "";
    expect(ownerUrl).toMatch(/^postgres:\/\/cauldron_owner:\$\(DATABASE_OWNER_PASSWORD\)@/);
    // A pre-install hook runs before the release's other objects exist.
    expect(container?.envFrom).toBeUndefined();
    expect(job.spec?.template.spec?.serviceAccountName).toBeUndefined();
  });

  it("has a `helm test` Pod asking each enabled service's /readyz through its Service", () => {
    const pod = objectNamed<IPod>(manifests, "Pod", "cauldron-readyz-test");
    expect(pod.metadata?.annotations?.["helm.sh/hook"]).toBe("test");
    expect(pod.spec?.restartPolicy).toBe("Never");
    const urls = pod.spec?.containers[0]?.env?.find((e) => e.name === "READYZ_URLS")?.value?.split(" ");
    const enabled = SERVICES.filter((s) => values.services[s].enabled);
    expect(urls?.sort()).toEqual(enabled.map((s) => `http://cauldron-${s}:${values.services[s].port}/readyz`).sort());
  });

  it("keeps every secret out of ConfigMaps and manifests: credentials come only from secretKeyRef", () => {
    expect(objectsOfKind(manifests, "Secret").size).toBe(0);
    for (const configMap of objectsOfKind<IConfigMap>(manifests, "ConfigMap").values()) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) {
        expect(isCredentialName(key), `ConfigMap key ${key}`).toBe(false);
        expect(value, `ConfigMap ${key}`).not.toMatch(URL_WITH_LITERAL_PASSWORD);
        expect(value, `ConfigMap ${key}`).not.toContain("$(");
      }
    }
    for (const [name, pod] of podSpecs(manifests)) {
      for (const env of pod.containers.flatMap((c) => c.env ?? [])) {
        if (isCredentialName(env.name)) {
          expect(env.value, `${name} ${env.name}`).toBeUndefined();
          expect(env.valueFrom?.secretKeyRef?.name, `${name} ${env.name}`).toBeTruthy();
        }
        expect(env.value ?? "", `${name} ${env.name}`).not.toMatch(URL_WITH_LITERAL_PASSWORD);
      }
    }
  });

  it("routes /<service>/ of the Ingress to each routed service, for its public paths only", () => {
    const ingress = objectNamed<IIngress>(manifests, "Ingress", "cauldron");
    const paths = ingress.spec?.rules?.[0]?.http?.paths ?? [];
    const routed = SERVICES.filter((s) => values.services[s].ingress.enabled).sort();
    expect([...new Set(paths.map((p) => p.backend.service?.name))]).toEqual(routed.map((s) => `cauldron-${s}`));
    for (const path of paths) {
      const service = routed.find((s) => path.backend.service?.name === `cauldron-${s}`) ?? "";
      expect(path.backend.service?.port?.number).toBe(values.services[service as (typeof SERVICES)[number]].port);
    }
    if (values.ingress.rewrite === "none") {
      const prefixes = paths.map((p) => [p.path, p.pathType]);
      const expected = routed.flatMap((s) => values.services[s].ingress.paths.map((p) => [`/${s}${p}`, "Prefix"]));
      expect(prefixes).toEqual(expected);
      return;
    }
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
      for (const internal of ["/metrics", "/readyz", "/healthz", "/statusz", "/trpcmetrics", "/", ""]) {
        expect(reached(`/${service}${internal}`), `/${service}${internal}`).toEqual([]);
      }
    }
    if (routed.includes("auth"))
      expect(reached("/auth/.well-known/jwks.json")).toEqual(["cauldron-auth /.well-known/jwks.json"]);
    if (routed.includes("org")) expect(reached("/org/audit/export")).toEqual(["cauldron-org /audit/export"]);
  });
});
