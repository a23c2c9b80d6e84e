import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { Manifest } from "./helm-chart";

interface Validatable {
  validate(): void;
}

type ModelClass = new (data: never) => Validatable;

/** Kubernetes API schemas (from kubernetes-models) for every built-in kind the chart renders. */
const MODELS: Record<string, ModelClass> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "v1/Pod": Pod,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
};

/** The Prometheus Operator CRD has no model installed; check the fields the operator requires. */
function validateServiceMonitor(manifest: Manifest): void {
  const spec = manifest.spec as { selector?: { matchLabels?: object }; endpoints?: { port?: string }[] } | undefined;
  if (!spec?.selector?.matchLabels) throw new Error("spec.selector.matchLabels is required");
  if (!spec.endpoints?.length || spec.endpoints.some((e) => typeof e.port !== "string")) {
    throw new Error("spec.endpoints must name a Service port");
  }
}

/** Validates one rendered object against its Kubernetes schema; throws naming the object and the violations. */
export function validateManifest(manifest: Manifest): void {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const where = `${manifest.kind}/${manifest.metadata.name}`;
  try {
    if (key === "monitoring.coreos.com/v1/ServiceMonitor") {
      validateServiceMonitor(manifest);
      return;
    }
    const Model = MODELS[key];
    if (!Model) throw new Error(`no schema registered for ${key}; add its kubernetes-models class`);
    new Model(manifest as never).validate();
  } catch (error) {
    throw new Error(`${where} is not a valid ${key}: ${(error as Error).message}`);
  }
}
