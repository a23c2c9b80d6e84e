import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { Manifest } from "./helm-chart";

/** The objects of one kind, by name. */
export function objectsOfKind<T = Manifest>(manifests: Manifest[], kind: string): Map<string, T> {
  return new Map(manifests.filter((m) => m.kind === kind).map((m) => [m.metadata.name, m as unknown as T]));
}

/** The one object of a kind and name; throws naming it when the chart did not render it. */
export function objectNamed<T = Manifest>(manifests: Manifest[], kind: string, name: string): T {
  const found = objectsOfKind<T>(manifests, kind).get(name);
  if (found === undefined) throw new Error(`no ${kind}/${name} was rendered`);
  return found;
}

/** Every pod the chart can start (Deployments, the migrations Job, the test Pod), named kind/name. */
export function podSpecs(manifests: Manifest[]): [string, IPodSpec][] {
  const pods: [string, IPodSpec][] = [];
  for (const manifest of manifests) {
    const spec =
      manifest.kind === "Pod"
        ? (manifest as unknown as IPod).spec
        : manifest.kind === "Deployment" || manifest.kind === "Job"
          ? (manifest as unknown as IDeployment | IJob).spec?.template.spec
          : undefined;
    if (spec) pods.push([`${manifest.kind}/${manifest.metadata.name}`, spec]);
  }
  return pods;
}

/** The plain env of a Deployment's first container, NAME: value (secret references left out). */
export function plainEnvOf(deployment: IDeployment): Record<string, string> {
  const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
  return Object.fromEntries(env.flatMap((entry) => (entry.value === undefined ? [] : [[entry.name, entry.value]])));
}

/** Secret references of a Deployment's first container, NAME: "secret/key". */
export function secretEnvOf(deployment: IDeployment): Record<string, string> {
  const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
  return Object.fromEntries(
    env.flatMap((entry) => {
      const ref = entry.valueFrom?.secretKeyRef;
      return ref ? [[entry.name, `${ref.name}/${ref.key}`]] : [];
    }),
  );
}

const CREDENTIAL_WORD =
  /(^|_)(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIALS?|ENCRYPTION|SIGNING|API_KEY|ACCESS_KEY)(_|$)/;
const DURATION_SUFFIX = /_(SECONDS|MS|MINUTES|HOURS|DAYS|TTL)$/;

/** Whether a variable name says it holds a credential, as values.schema.json judges plain env names. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_WORD.test(name) && !DURATION_SUFFIX.test(name);
}
