import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { readObjectBytes } from "@cauldron/client-storage";
import { ChecksumMismatchError } from "./failure-code";
import type { AcknowledgedWrite } from "./ledger";
import type { LoadClients } from "./load-clients";
import { LOAD_VECTOR_DIMENSIONS, type SeededOrganization } from "./seed-organizations";

const RECENT_KEPT = 50;
const POINTS_PER_BATCH = 5;
const MAX_READ_BYTES = 1 << 20;

/** What a load keeps for one organization: its clients and the writes its reads come back to. */
export interface LoadTarget {
  organization: SeededOrganization;
  clients: LoadClients;
  storageUrl: string;
  recent: { documents: string[]; objects: { path: string; sha256: string }[]; embeddings: string[] };
}

/** One kind of request of the mix; a write answers with its ledger entry, a read with null. */
export interface LoadOperation {
  name: string;
  run(target: LoadTarget, signal: AbortSignal): Promise<AcknowledgedWrite | null>;
}

function remember<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > RECENT_KEPT) list.shift();
}

function pick<T>(list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[randomInt(list.length)];
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function acknowledged(target: LoadTarget) {
  return { organizationId: target.organization.organizationId, acknowledgedAt: new Date().toISOString() };
}

/** The request mix, half reads and half writes, touching every service; a load cycles through it. */
export const LOAD_OPERATIONS: readonly LoadOperation[] = [
  {
    name: "auth.me",
    run: async ({ clients }, signal) => (await clients.auth.auth.me.query(undefined, { signal }), null),
  },
  {
    name: "org.teams.create",
    async run(target, signal) {
      const team = await target.clients.org.org.teams.create.mutate({ name: `Load ${randomUUID()}` }, { signal });
      return { kind: "team", ...acknowledged(target), id: team.id };
    },
  },
  {
    name: "org.teams.list",
    run: async ({ clients }, signal) => (await clients.org.org.teams.list.query({ limit: 20 }, { signal }), null),
  },
  {
    name: "lore.documents.create",
    async run(target, signal) {
      const title = `Load ${randomUUID()}`;
      const content = `# ${title}\n\nWritten under steady load to prove that acknowledged documents survive.\n`;
      const document = await target.clients.lore.lore.documents.create.mutate(
        { title, content, contentType: "text/markdown" },
        { signal },
      );
      remember(target.recent.documents, document.id);
      return { kind: "document", ...acknowledged(target), id: document.id };
    },
  },
  {
    name: "lore.documents.get",
    async run({ clients, recent }, signal) {
      const id = pick(recent.documents);
      if (id) await clients.lore.lore.documents.get.query({ id }, { signal });
      else await clients.lore.lore.documents.list.query({ limit: 5 }, { signal });
      return null;
    },
  },
  {
    name: "storage.upload",
    async run(target, signal) {
      const bytes = randomBytes(256 + randomInt(1_792));
      const path = `load/${randomUUID()}.bin`;
      const { bucket } = target.organization;
      const storage = await target.clients.storage(signal);
      const { error } = await storage.from(bucket).upload(path, bytes, { contentType: "application/octet-stream" });
      if (error) throw error;
      const object = { path, sha256: sha256(bytes) };
      remember(target.recent.objects, object);
      return { kind: "object", ...acknowledged(target), bucket, ...object };
    },
  },
  {
    name: "storage.download",
    async run({ organization, clients, recent, storageUrl }, signal) {
      const object = pick(recent.objects);
      if (!object) {
        const storage = await clients.storage(signal);
        const { error } = await storage.from(organization.bucket).list("load", { limit: 10 });
        if (error) throw error;
        return null;
      }
      const { bytes } = await readObjectBytes({
        url: storageUrl,
        organizationId: organization.organizationId,
        bucket: organization.bucket,
        path: object.path,
        token: await organization.owner.accessToken(),
        maxBytes: MAX_READ_BYTES,
        signal,
      });
      if (sha256(bytes) !== object.sha256) throw new ChecksumMismatchError(object.path);
      return null;
    },
  },
  {
    name: "telemetry.metrics.write",
    async run(target, signal) {
      const batchId = randomUUID();
      const { metric } = target.organization;
      const now = Date.now();
      const points = Array.from({ length: POINTS_PER_BATCH }, (_, index) => ({
        metric,
        time: new Date(now - index * 1_000),
        value: Math.round(Math.random() * 10_000) / 100,
        dimensions: { batch: batchId },
      }));
      const { written } = await target.clients.telemetry.telemetry.metrics.write.mutate({ points }, { signal });
      return { kind: "points", ...acknowledged(target), metric, batchId, count: written };
    },
  },
  {
    name: "vector.embeddings.upsert",
    async run(target, signal) {
      const { collectionId } = target.organization;
      const vector = Array.from({ length: LOAD_VECTOR_DIMENSIONS }, () => Math.random() * 2 - 1);
      const { items } = await target.clients.vector.vector.embeddings.upsert.mutate(
        { collectionId, items: [{ content: `Load item ${randomUUID()}`, vector }] },
        { signal },
      );
      const id = items[0]!.id;
      remember(target.recent.embeddings, id);
      return { kind: "embedding", ...acknowledged(target), id, collectionId };
    },
  },
  {
    name: "vector.embeddings.get",
    async run({ organization, clients, recent }, signal) {
      const id = pick(recent.embeddings);
      if (id) await clients.vector.vector.embeddings.get.query({ ids: [id] }, { signal });
      else await clients.vector.vector.collections.get.query({ collectionId: organization.collectionId }, { signal });
      return null;
    },
  },
];
