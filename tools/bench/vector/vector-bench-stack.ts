import { randomBytes } from "node:crypto";
import { createDatabase, type Database } from "@cauldron/db";
import { createVectorService, type VectorEnv, type VectorRouter } from "@cauldron/service-vector";
// The bench needs what tests need: a throwaway database cloned from the migrated template, and a
// signer whose tokens the in-process service accepts.
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import type { Kysely, KyselyPlugin } from "kysely";
import { asTableOwner as asOwnerOfTables } from "../as-table-owner";
import pg from "pg";

/** The production default of DATABASE_POOL_MAX; the SQL baseline gets a pool of the same size. */
export const POOL_SIZE = 10;

/** An organization and the owner who acts in it. */
export interface BenchTenant {
  organizationId: string;
  userId: string;
}

export type VectorClient = ReturnType<TestService<VectorRouter>["client"]>;

/** A vector service booted in this process, and a typed client per tenant. */
export interface BenchVectorService {
  service: TestService<VectorRouter>;
  clientOf(tenant: BenchTenant): Promise<VectorClient>;
  /** Stops this service (its workers first) before the stack closes. */
  stop(): Promise<void>;
}

/** One benchmark's database, the services it boots on it, and a bare pg pool for the SQL baseline. */
export interface VectorBenchStack {
  database: TestDatabase;
  /** The SQL baseline's pool: the same role, the same size, pipelined as the services' pool is. */
  sqlPool: pg.Pool;
  /** The services' role, pipelined, as a service connects (statements on it are not counted). */
  appDb: Kysely<Database>;
  /** SQL statements the services have sent so far (transaction begin and commit not counted). */
  statementsSent(): number;
  createTenant(label: string): Promise<BenchTenant>;
  /**
   * Runs `load` with the model's HNSW index dropped, then recreates it from its own definition,
   * as a bulk load into an existing index is done; returns the rebuild's seconds.
   */
  withoutModelIndex(modelId: string, load: () => Promise<void>): Promise<number>;
  /**
   * VACUUM ANALYZE of vector.embeddings, as autovacuum leaves a table some time after a bulk
   * load: statistics for the planner and a visibility map for index-only scans.
   */
  settleEmbeddings(): Promise<void>;
  /** Boots a vector service with these settings; `workers` runs its index job. */
  startService(config: Partial<VectorEnv>, options: { workers: boolean }): Promise<BenchVectorService>;
  close(): Promise<void>;
}

/** Clones a database from the migrated template and prepares what the vector benchmarks share. */
export async function startVectorBenchStack(): Promise<VectorBenchStack> {
  const database = await createTestDatabase();
  // As the services connect: cauldron_app, subject to RLS, pipelined.
  const appDb = createDatabase({ url: database.appUrl, poolMax: POOL_SIZE, applicationName: "cauldron-bench-vector" });
  const sqlPool = new pg.Pool({ connectionString: database.appUrl, max: POOL_SIZE, pipeline: true });
  // Services on one database share a prefix, so their relays feed one stream.
  const redisKeyPrefix = createTestRedisPrefix();
  const services: TestService<VectorRouter>[] = [];
  let statements = 0;
  // Counted as their results come back: Kysely hands subqueries to plugins' transformQuery too.
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    transformResult: async ({ result }) => {
      statements += 1;
      return result;
    },
  };
  const servicesDb = appDb.withPlugin(counter);
  // Maintenance and DDL need the tables' owner itself (RLS is forced on it too; its policies let it read models).
  const asTableOwner = <T>(work: (owner: pg.Client) => Promise<T>) => asOwnerOfTables(database.ownerUrl, work);

  return {
    database,
    sqlPool,
    appDb,
    statementsSent: () => statements,
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
    async settleEmbeddings() {
      await asTableOwner((owner) => owner.query("vacuum analyze vector.embeddings"));
    },
    withoutModelIndex: (modelId, load) =>
      asTableOwner(async (owner) => {
        const { rows } = await owner.query<{ name: string; definition: string }>(
          `select i.relname as name, pg_get_indexdef(i.oid) as definition
             from pg_class i join pg_namespace n on n.oid = i.relnamespace
            where n.nspname = 'vector'
              and i.relname = (select index_name from vector.embedding_models where id = $1)`,
          [modelId],
        );
        const index = rows[0];
        if (!index) throw new Error(`model ${modelId} has no index to rebuild`);
        await owner.query(`drop index vector.${pg.escapeIdentifier(index.name)}`);
        await load();
        const started = performance.now();
        await owner.query("set maintenance_work_mem = '256MB'");
        await owner.query(index.definition);
        return (performance.now() - started) / 1000;
      }),
    async startService(config, options) {
      const service = await startTestService(createVectorService({ config }), {
        db: servicesDb,
        redisKeyPrefix,
        workers: options.workers ? {} : false,
      });
      // Connected at start, as run-service connects it in production; the test harness connects on
      // first use, and until then every request's revocation check asks the database instead.
      if (service.dependencies.redis.status === "wait") await service.dependencies.redis.connect();
      services.push(service);
      return {
        service,
        stop: async () => {
          const at = services.indexOf(service);
          if (at >= 0) await services.splice(at, 1)[0]!.close();
        },
        clientOf: async (tenant) =>
          service.client({
            // Long enough for the slowest run; the signer's default of five minutes is not.
            token: await service.signer.issueAccessToken({ userId: tenant.userId, expiresInSeconds: 3_600 }),
            organizationId: tenant.organizationId,
          }),
      };
    },
    async close() {
      for (const service of services.splice(0)) await service.close();
      await Promise.all([appDb.destroy(), sqlPool.end()]);
      await clearTestRedisPrefix(redisKeyPrefix);
      await database.destroy();
    },
  };
}
