import { randomBytes } from "node:crypto";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { eventKeys, readConsumerGroupState } from "@cauldron/events";
import { createLoreService, type LoreRouter } from "@cauldron/service-lore";
import { createVectorService, type VectorRouter } from "@cauldron/service-vector";
// The bench needs what tests need: a throwaway database cloned from the migrated template, and a
// signer whose tokens the in-process services accept.
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { PostgresQueryCompiler, type CompiledQuery, type KyselyPlugin } from "kysely";
import pg from "pg";
import { runAsTableOwner } from "../as-table-owner";
import { POOL_SIZE, type BenchTenant } from "../vector/vector-bench-stack";

export type LoreClient = ReturnType<TestService<LoreRouter>["client"]>;
export type VectorClient = ReturnType<TestService<VectorRouter>["client"]>;

/** lore's entity extraction consumer group (extraction/extraction-consumer.ts; the lib does not export it). */
const EXTRACTION_GROUP = "lore-extraction";

/**
 * How lore extracts entities from new chunks: with its built-in extractor, as in production, or
 * with none (the consumer then only keeps mentions in step), where a benchmark loads thousands
 * of documents at once and measures something extraction does not hold up.
 */
export type ExtractionSetting = "builtin" | "none";

/** A service's client acting as the tenant's owner, with a token that outlives the slowest run. */
async function ownerClient<TRouter extends LoreRouter | VectorRouter>(
  service: TestService<TRouter>,
  tenant: BenchTenant,
) {
  const token = await service.signer.issueAccessToken({ userId: tenant.userId, expiresInSeconds: 3_600 });
  return service.client({ token, organizationId: tenant.organizationId });
}

/**
 * One lore benchmark's database with vector and lore booted on it as in production (workers,
 * relay, consumers, one event stream), a second lore without workers whose SQL can be recorded,
 * and a bare pg pool for the SQL baselines.
 */
export interface LoreBenchStack {
  database: TestDatabase;
  /** The SQL baselines' pool: the services' role (RLS applies), the same size, pipelined. */
  sqlPool: pg.Pool;
  /** Lore without workers, on its own pool: only requests run there, so its SQL can be recorded. */
  quietLore: TestService<LoreRouter>;
  createTenant(label: string): Promise<BenchTenant>;
  loreClient(tenant: BenchTenant, service?: TestService<LoreRouter>): Promise<LoreClient>;
  vectorClient(tenant: BenchTenant): Promise<VectorClient>;
  /**
   * VACUUM ANALYZE of the lore tables and the embeddings, as autovacuum leaves them some time
   * after a bulk load: planner statistics and visibility maps, so searches run as they would later.
   */
  settleTables(): Promise<void>;
  /** Whether lore's entity extraction has handled every chunks.changed part published so far. */
  extractionDrained(): Promise<boolean>;
  /** The statements quietLore sent while `work` ran, compiled as sent (begin and commit are not statements here). */
  recordStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: CompiledQuery[] }>;
  close(): Promise<void>;
}

/** Clones a database from the migrated template and boots vector and lore on it. */
export async function startLoreBenchStack(extraction: ExtractionSetting): Promise<LoreBenchStack> {
  const database = await createTestDatabase();
  const servicesDb = createDatabase({
    url: database.appUrl,
    poolMax: POOL_SIZE,
    applicationName: "cauldron-bench-lore",
  });
  const quietPool = createDatabase({
    url: database.appUrl,
    poolMax: POOL_SIZE,
    applicationName: "cauldron-bench-lore-quiet",
  });
  const sqlPool = new pg.Pool({ connectionString: database.appUrl, max: POOL_SIZE, pipeline: true });
  const redisKeyPrefix = createTestRedisPrefix();

  const compiler = new PostgresQueryCompiler();
  let recording: CompiledQuery[] | null = null;
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      recording?.push(compiler.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };

  // The relays are woken by the outbox's NOTIFY, as runService has them in production, not by polling.
  const workers = { leaseMs: 60_000, listenConnectionString: database.appUrl };
  const vector = await startTestService(createVectorService({ config: { VECTOR_INDEX_JOB_EVERY_MS: 1_000 } }), {
    db: servicesDb,
    redisKeyPrefix,
    workers,
  });
  const loreEnv = { VECTOR_SERVICE_URL: vector.url };
  const loreOptions = extraction === "none" ? { extractors: [] } : {};
  const lore = await startTestService(createLoreService(loreOptions), {
    db: servicesDb,
    redisKeyPrefix,
    workers,
    env: loreEnv,
  });
  const quietLore = await startTestService(createLoreService(loreOptions), {
    db: quietPool.withPlugin(recorder),
    redisKeyPrefix,
    workers: false,
    env: loreEnv,
  });

  return {
    database,
    sqlPool,
    quietLore,
    async createTenant(label) {
      const suffix = randomBytes(4).toString("hex");
      const owner = await database.ownerDb
        .insertInto("users")
        .values({ email: `bench-${label}-${suffix}@bench.test`, display_name: `Bench ${label}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      const organization = await database.ownerDb
        .insertInto("organizations")
        .values({ name: `Bench ${label}`, slug: `bench-${label}-${suffix}`, created_by: owner.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.ownerDb
        .insertInto("organization_users")
        .values({ organization_id: organization.id, user_id: owner.id, role: "owner" })
        .execute();
      return { organizationId: organization.id, userId: owner.id };
    },
    loreClient: (tenant, service = lore) => ownerClient(service, tenant),
    vectorClient: (tenant) => ownerClient(vector, tenant),
    async settleTables() {
      // Maintenance needs the tables' owner itself.
      await runAsTableOwner(database.ownerUrl, [
        "vacuum analyze lore.documents, lore.document_versions, lore.document_chunks, vector.embeddings",
      ]);
      // The load's pages are written out now rather than by the next timed checkpoint, in the
      // middle of what is measured after it; CHECKPOINT needs the cluster's administrator.
      await runAsTableOwner(loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL, ["checkpoint"]);
    },
    async extractionDrained() {
      const state = await readConsumerGroupState(
        lore.dependencies.redis,
        eventKeys(redisKeyPrefix).stream,
        EXTRACTION_GROUP,
      );
      return state !== undefined && state.lag === 0 && state.pending === 0;
    },
    async recordStatements(work) {
      if (recording) throw new Error("statements are already being recorded");
      recording = [];
      try {
        const result = await work();
        return { result, statements: recording };
      } finally {
        recording = null;
      }
    },
    async close() {
      await quietLore.close();
      await lore.close();
      await vector.close();
      await Promise.all([servicesDb.destroy(), quietPool.destroy(), sqlPool.end()]);
      await clearTestRedisPrefix(redisKeyPrefix);
      await database.destroy();
    },
  };
}
