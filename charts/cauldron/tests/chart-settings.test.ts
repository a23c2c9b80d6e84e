import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { IService } from "kubernetes-models/v1/Service";
import { beforeAll, describe, expect, it } from "vitest";
import { renderChart, type Manifest } from "./helm-chart";
import { objectNamed, objectsOfKind, plainEnvOf, secretEnvOf } from "./rendered-objects";

const CUSTOM = [
  "objectStore.filesystem.existingClaim=objects-from-before",
  "tests.enabled=false",
  "publicUrls.app=https://app.example.com",
  "services.org.env.ORG_INVITATION_URL=https://app.example.com/join",
  "services.lore.enabled=false",
];

let defaults: Manifest[];
let production: Manifest[];
let everyOption: Manifest[];
let custom: Manifest[];

beforeAll(async () => {
  [defaults, production, everyOption, custom] = await Promise.all([
    renderChart(),
    renderChart({ valuesFiles: ["ci/production-values.yaml"] }),
    renderChart({ valuesFiles: ["ci/every-option-values.yaml"] }),
    renderChart({ set: CUSTOM }),
  ]);
}, 120_000);

const deployment = (manifests: Manifest[], service: string) =>
  objectNamed<IDeployment>(manifests, "Deployment", `cauldron-${service}`);
const claimOf = (manifests: Manifest[]) =>
  deployment(manifests, "storage").spec?.template.spec?.volumes?.find((v) => v.name === "objects")
    ?.persistentVolumeClaim?.claimName;

describe("where the storage service keeps object bytes", () => {
  it("by default, on a claim of its own that outlives the release, replacing its one pod on upgrades", () => {
    const claim = objectNamed<IPersistentVolumeClaim>(defaults, "PersistentVolumeClaim", "cauldron-storage-objects");
    expect(claim.spec?.accessModes).toEqual(["ReadWriteOnce"]);
    expect(claim.spec?.resources?.requests?.storage).toBe("20Gi");
    expect(claim.metadata?.annotations?.["helm.sh/resource-policy"]).toBe("keep");
    const storage = deployment(defaults, "storage");
    expect(storage.spec?.strategy?.type).toBe("Recreate");
    expect(claimOf(defaults)).toBe("cauldron-storage-objects");
    const mount = storage.spec?.template.spec?.containers[0]?.volumeMounts?.find((m) => m.name === "objects");
    expect(mount?.mountPath).toBe("/var/lib/cauldron/objects");
    expect(plainEnvOf(storage)).toMatchObject({
      STORAGE_BACKEND: "filesystem",
      STORAGE_DATA_DIR: "/var/lib/cauldron/objects",
    });
    expect(deployment(defaults, "lore").spec?.strategy?.type).toBe("RollingUpdate");
  });

  it("on a ReadWriteMany claim, rolling several replicas", () => {
    const claim = objectNamed<IPersistentVolumeClaim>(everyOption, "PersistentVolumeClaim", "cauldron-storage-objects");
    expect(claim.spec?.accessModes).toEqual(["ReadWriteMany"]);
    expect(claim.spec?.storageClassName).toBe("efs-shared");
    expect(claim.metadata?.annotations).toBeUndefined();
    expect(deployment(everyOption, "storage").spec?.strategy?.type).toBe("RollingUpdate");
    expect(plainEnvOf(deployment(everyOption, "storage")).STORAGE_DATA_DIR).toBe("/srv/objects");
  });

  it("on an existing claim, creating none", () => {
    expect(objectsOfKind(custom, "PersistentVolumeClaim").size).toBe(0);
    expect(claimOf(custom)).toBe("objects-from-before");
  });

  it("in an S3 bucket, with the access key read from its Secret and no volume", () => {
    expect(objectsOfKind(production, "PersistentVolumeClaim").size).toBe(0);
    const storage = deployment(production, "storage");
    expect(claimOf(production)).toBeUndefined();
    expect(storage.spec?.strategy?.type).toBe("RollingUpdate");
    const env = plainEnvOf(storage);
    expect(env).toMatchObject({
      STORAGE_BACKEND: "s3",
      STORAGE_S3_BUCKET: "cauldron-objects",
      STORAGE_S3_REGION: "eu-west-1",
      STORAGE_S3_FORCE_PATH_STYLE: "false",
    });
    expect(env.STORAGE_S3_ENDPOINT).toBeUndefined();
    expect(secretEnvOf(storage)).toMatchObject({
      STORAGE_S3_ACCESS_KEY_ID: "cauldron-object-store/access-key-id",
      STORAGE_S3_SECRET_ACCESS_KEY: "cauldron-object-store/secret-access-key",
      STORAGE_SIGNING_KEYS: "cauldron-storage-keys/signing-keys",
    });
  });
});

describe("public URLs and model endpoints", () => {
  it("puts the app's and the API's public addresses into the links the services send", () => {
    expect(plainEnvOf(deployment(production, "auth")).AUTH_APP_URL).toBe("https://app.cauldron.example.com");
    expect(plainEnvOf(deployment(production, "org")).ORG_INVITATION_URL).toBe(
      "https://app.cauldron.example.com/invitations/accept",
    );
    expect(plainEnvOf(deployment(production, "storage")).STORAGE_PUBLIC_URL).toBe(
      "https://api.cauldron.example.com/storage",
    );
    expect(plainEnvOf(deployment(everyOption, "auth")).AUTH_APP_URL).toBe("https://app.example.com");
    expect(plainEnvOf(deployment(everyOption, "storage")).STORAGE_PUBLIC_URL).toBe("https://api.example.com/storage");
  });

  it("sets none of them when they are not known", () => {
    expect(plainEnvOf(deployment(defaults, "auth")).AUTH_APP_URL).toBeUndefined();
    expect(plainEnvOf(deployment(defaults, "org")).ORG_INVITATION_URL).toBeUndefined();
    expect(plainEnvOf(deployment(defaults, "storage")).STORAGE_PUBLIC_URL).toBeUndefined();
  });

  it("lets a service's own env win over the address the chart derives", () => {
    const env = deployment(custom, "org").spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.filter((entry) => entry.name === "ORG_INVITATION_URL")).toEqual([
      { name: "ORG_INVITATION_URL", value: "https://app.example.com/join" },
    ]);
  });

  it("hands the embedding hosts to vector and the chat extractor, with its key, to lore", () => {
    expect(plainEnvOf(deployment(production, "vector")).VECTOR_EMBEDDING_PRIVATE_HOSTS).toBe(
      "text-embeddings.ml.svc.cluster.local",
    );
    const lore = deployment(production, "lore");
    expect(plainEnvOf(lore)).toMatchObject({
      LORE_CHAT_EXTRACTOR_URL: "https://api.openai.com/v1",
      LORE_CHAT_EXTRACTOR_MODEL: "gpt-4o-mini",
    });
    expect(secretEnvOf(lore).LORE_CHAT_EXTRACTOR_API_KEY).toBe("cauldron-chat-extractor/api-key");
    expect(plainEnvOf(deployment(defaults, "lore")).LORE_CHAT_EXTRACTOR_URL).toBeUndefined();
  });

  it("keeps whole numbers given in env whole", () => {
    expect(plainEnvOf(deployment(everyOption, "vector")).VECTOR_EXACT_SEARCH_MAX_ROWS).toBe("20000");
    const configMap = objectNamed<IConfigMap>(everyOption, "ConfigMap", "cauldron-config");
    expect(configMap.data?.RPC_MAX_BATCH_SIZE).toBe("100");
  });
});

describe("the telemetry service's scrape targets and the readiness test", () => {
  it("scrapes every replica of every enabled service through a headless Service selecting its pods", () => {
    const targets = (manifests: Manifest[]) =>
      objectNamed<IConfigMap>(manifests, "ConfigMap", "cauldron-config").data?.TELEMETRY_SCRAPE_TARGETS?.split(",");
    expect(targets(defaults)).toEqual([
      "auth=http://cauldron-auth-replicas:4101",
      "lore=http://cauldron-lore-replicas:4103",
      "org=http://cauldron-org-replicas:4102",
      "storage=http://cauldron-storage-replicas:4106",
      "telemetry=http://cauldron-telemetry-replicas:4105",
      "vector=http://cauldron-vector-replicas:4104",
    ]);
    for (const target of targets(defaults) ?? []) {
      const [, host] = /^\w+=http:\/\/([\w-]+):\d+$/.exec(target) ?? [];
      const headless = objectNamed<IService>(defaults, "Service", host ?? "");
      const regular = objectNamed<IService>(defaults, "Service", (host ?? "").replace(/-replicas$/, ""));
      expect(headless.spec?.clusterIP).toBe("None");
      expect(headless.spec?.selector).toEqual(regular.spec?.selector);
      expect(headless.spec?.ports).toEqual(regular.spec?.ports);
    }
    expect(targets(custom)).not.toContainEqual(expect.stringMatching(/^lore=/));
  });

  it("runs the readiness test from a configurable image, and not at all when switched off", () => {
    const image = (manifests: Manifest[]) =>
      objectNamed<IPod>(manifests, "Pod", "cauldron-readyz-test").spec?.containers[0]?.image;
    expect(image(defaults)).toBe("busybox:1.37");
    expect(image(everyOption)).toMatch(/^registry\.example\.com\/mirror\/busybox@sha256:[0-9a-f]{64}$/);
    expect(objectsOfKind(custom, "Pod").size).toBe(0);
  });
});
