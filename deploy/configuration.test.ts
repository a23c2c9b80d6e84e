import { readFileSync } from "node:fs";
import { SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import { serviceVariables } from "@cauldron/rpc";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderChart, type Manifest } from "../charts/cauldron/tests/helm-chart";
import { objectsOfKind } from "../charts/cauldron/tests/rendered-objects";
import { SERVICE_DEFINITIONS } from "./service-definitions";

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8");

/** The variables named in the README's Configuration section, in `code`. */
function readmeVariables(): Set<string> {
  const readme = read("../README.md");
  const start = readme.indexOf("\n## Configuration");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return new Set([...section.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1] ?? ""));
}

/** Variables a compose service is given (those left at their defaults pass through empty from deploy/.env). */
function composeVariables(service: ServiceName): Set<string> {
  const compose = parse(read("./compose.yaml"), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown> }>;
  };
  return new Set(Object.keys(compose.services[service]?.environment ?? {}));
}

let manifests: Manifest[];

/** Variables the chart gives a service's pods (ConfigMap, env, Secret references) or documents in values.yaml. */
function chartVariables(service: ServiceName): Set<string> {
  const configMap = [...objectsOfKind(manifests, "ConfigMap").values()][0] as unknown as IConfigMap;
  const deployment = [...objectsOfKind(manifests, "Deployment").values()].find(
    (manifest) => manifest.metadata.labels?.["app.kubernetes.io/component"] === service,
  ) as unknown as IDeployment | undefined;
  const env =
    deployment?.spec?.template.spec?.containers.flatMap((container) =>
      (container.env ?? []).map((entry) => entry.name),
    ) ?? [];
  const documented = [...read("../charts/cauldron/values.yaml").matchAll(/\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b/g)].map(
    (match) => match[1] ?? "",
  );
  return new Set([...Object.keys(configMap.data ?? {}), ...env, ...documented]);
}

beforeAll(async () => {
  manifests = await renderChart();
}, 120_000);

describe("every variable of every service is known where it is configured", () => {
  it.each(SERVICE_NAMES)("%s: each variable it reads is in the README table, the chart and compose", (service) => {
    const variables = serviceVariables(SERVICE_DEFINITIONS[service]);
    const readme = readmeVariables();
    const chart = chartVariables(service);
    const compose = composeVariables(service);
    expect(
      variables.filter((variable) => !readme.has(variable)),
      "missing from README.md",
    ).toEqual([]);
    expect(
      variables.filter((variable) => !chart.has(variable)),
      "missing from charts/cauldron",
    ).toEqual([]);
    expect(
      variables.filter((variable) => !compose.has(variable)),
      "missing from deploy/compose.yaml",
    ).toEqual([]);
  });
});
