import { randomBytes } from "node:crypto";
import { createAuthClient, createOrgClient, createStorageClient, createVectorClient } from "@cauldron/client";
import type { ServiceName } from "@cauldron/config";
import type { AuthSession } from "@cauldron/contracts";
import { createDatabase, withSystem } from "@cauldron/db";
import { keepSessionFresh, type OwnerSession } from "./owner-session";

/** The bucket, metric and vector width every seeded organization's load uses. */
export const LOAD_BUCKET = "drill-load";
export const LOAD_METRIC = "drill.load.points";
export const LOAD_VECTOR_DIMENSIONS = 8;

/** An organization made for a load, with its signed-in owner and what the load writes into. */
export interface SeededOrganization {
  organizationId: string;
  owner: OwnerSession;
  /** A bucket the owner uploads to through the storage API. */
  bucket: string;
  /** A collection on a model that takes precomputed vectors, so upserts need no embedding model. */
  collectionId: string;
  metric: string;
}

export interface SeedOptions {
  urls: Record<ServiceName, string>;
  /**
   * The owner's (or the system role's) database URL. Given, each new owner's address is marked
   * confirmed, as following the emailed link would; without it owners stay unconfirmed, which
   * signing in and everything the load does allow.
   */
  systemDatabaseUrl?: string;
  count: number;
  onProgress?: (line: string) => void;
}

/** Signs up `count` owners through the auth service and has each create an organization ready for load. */
export async function seedOrganizations(options: SeedOptions): Promise<SeededOrganization[]> {
  const seeded: SeededOrganization[] = [];
  for (let index = 0; index < options.count; index += 1) {
    seeded.push(await seedOrganization(options, index));
    options.onProgress?.(`seeded organization ${index + 1}/${options.count}`);
  }
  return seeded;
}

async function seedOrganization(options: SeedOptions, index: number): Promise<SeededOrganization> {
  const { urls } = options;
  const suffix = randomBytes(4).toString("hex");
  const owner = keepSessionFresh(urls.auth, await signUpOwner(options, `drill-${index}-${suffix}@example.com`));
  const organization = await createOrgClient({ url: urls.org, token: owner.accessToken }).org.create.mutate({
    name: `Drill ${index} ${suffix}`,
  });
  const acting = { token: owner.accessToken, organizationId: organization.id };
  await createStorageClient({ url: urls.storage, ...acting }).storage.buckets.create.mutate({ name: LOAD_BUCKET });
  const vector = createVectorClient({ url: urls.vector, ...acting }).vector;
  const model = await vector.models.register.mutate({
    name: `drill-precomputed-${suffix}`,
    provider: "precomputed",
    dimensions: LOAD_VECTOR_DIMENSIONS,
  });
  const collection = await vector.collections.create.mutate({ name: `drill ${suffix}`, modelId: model.id });
  return {
    organizationId: organization.id,
    owner,
    bucket: LOAD_BUCKET,
    collectionId: collection.id,
    metric: LOAD_METRIC,
  };
}

async function signUpOwner(options: SeedOptions, email: string): Promise<AuthSession> {
  const auth = createAuthClient({ url: options.urls.auth }).auth;
  const password = randomBytes(18).toString("base64url");
  const signedUp = await auth.signUp.mutate({ email, password, displayName: "Drill owner" });
  if (signedUp.status === "signed_in") return signedUp.session;
  if (options.systemDatabaseUrl) await confirmAddress(options.systemDatabaseUrl, email);
  return auth.signIn.mutate({ email, password });
}

async function confirmAddress(systemDatabaseUrl: string, email: string): Promise<void> {
  const db = createDatabase({ url: systemDatabaseUrl, poolMax: 1, applicationName: "cauldron-drill-seed" });
  try {
    await withSystem(db, (trx) =>
      trx.updateTable("users").set({ email_verified_at: new Date() }).where("email", "=", email).execute(),
    );
  } finally {
    await db.destroy();
  }
}
