import { randomBytes } from "node:crypto";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations";
import { migrateDown, migrateUp, migrationStatus } from "./migrator";
import { createDatabase } from "./pool";
import type { Database } from "./schema/database.generated";

// Every table of the seed schema (docs: cauldron-seos-schema.md), 54 in all, plus the event tables.
const SEED_TABLES = [
  "public.users",
  "public.user_profiles",
  "public.roles",
  "public.permissions",
  "public.user_roles",
  "public.role_permissions",
  "public.user_sessions",
  "public.api_tokens",
  "public.user_settings",
  "public.organizations",
  "public.organization_users",
  "public.teams",
  "public.team_members",
  "public.organization_invitations",
  "public.organization_settings",
  "admin.system_settings",
  "audit.audit_logs",
  "lore.documents",
  "lore.document_chunks",
  "lore.document_categories",
  "lore.document_category_associations",
  "lore.document_tags",
  "lore.document_tag_associations",
  "lore.document_teams",
  "lore.document_versions",
  "lore.entities",
  "lore.entity_types",
  "lore.entity_document_associations",
  "lore.entity_mentions",
  "lore.relationships",
  "lore.relationship_types",
  "vector.embeddings",
  "vector.embedding_models",
  "vector.collections",
  "vector.collection_items",
  "vector.search_queries",
  "vector.search_results",
  "timeseries.system_metrics",
  "timeseries.user_activity",
  "timeseries.business_metrics",
  "timeseries.agent_metrics",
  "timeseries.events",
  "timeseries.alerts",
  "timeseries.anomalies",
  "timeseries.forecast_models",
  "timeseries.forecasts",
  "auth.users",
  "auth.sessions",
  "auth.identities",
  "public.user_mappings",
  "storage.buckets",
  "storage.objects",
  "public.file_metadata",
  "public.access_controls",
];
const INTEGRATION_TABLES = ["integration.outbox", "integration.processed_events"];

async function existingTables<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and n.nspname <> 'migrations'
      and n.nspname not like 'pg\\_%' and n.nspname not like '\\_timescaledb%' and n.nspname <> 'information_schema'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  `.execute(db);
  return rows.map((row) => row.name).sort();
}

// Everything the migrations own: relations of every kind, functions, policies and triggers.
async function schemaFingerprint<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ item: string }>`
    with own_namespaces as (
      select oid, nspname from pg_namespace
      where nspname not in ('migrations', 'information_schema') and nspname !~ '^(pg_|_timescaledb|timescaledb_)'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_namespace'::regclass and d.objid = pg_namespace.oid and d.deptype = 'e')
    ),
    extension_relations as (
      select d.objid as oid from pg_depend d where d.classid = 'pg_class'::regclass and d.deptype = 'e'
    ),
    own_relations as (
      select c.oid, n.nspname || '.' || c.relname as name, c.relkind::text as relkind
      from pg_class c join own_namespaces n on n.oid = c.relnamespace
      left join pg_index i on i.indexrelid = c.oid
      where c.relkind not in ('c', 't')
        and c.oid not in (select oid from extension_relations)
        and coalesce(i.indrelid not in (select oid from extension_relations), true)
    )
    select 'schema ' || nspname as item from own_namespaces where nspname <> 'public'
    union all select 'relation(' || relkind || ') ' || name from own_relations
    union all select 'function ' || p.oid::regprocedure::text from pg_proc p join own_namespaces n on n.oid = p.pronamespace
      where not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all select 'policy ' || r.name || ' ' || pol.polname from pg_policy pol join own_relations r on r.oid = pol.polrelid
    union all select 'trigger ' || r.name || ' ' || t.tgname from pg_trigger t join own_relations r on r.oid = t.tgrelid
      where not t.tgisinternal
  `.execute(db);
  return rows.map((row) => row.item).sort();
}

let database: TestDatabase;

// Migrations run as the owner itself, as tools/migrate does (the harness's ownerDb acts as cauldron_system).
function migratingOwner(target: TestDatabase): Kysely<Database> {
  return createDatabase({ url: target.ownerUrl, poolMax: 1, applicationName: "cauldron-test-migrator" });
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("migrations", () => {
  it("create all 54 tables of the seed schema and the event tables", async () => {
    expect(SEED_TABLES).toHaveLength(54);
    const tables = await existingTables(database.ownerDb);
    expect(tables).toEqual(expect.arrayContaining([...SEED_TABLES, ...INTEGRATION_TABLES]));
  });

  it("are all applied to the test template, in name order", async () => {
    const owner = migratingOwner(database);
    const status = await migrationStatus(owner).finally(() => owner.destroy());
    expect(status.map((migration) => migration.name)).toEqual(Object.keys(MIGRATIONS).sort());
    expect(status.every((migration) => migration.executedAt instanceof Date)).toBe(true);
  });

  it("undo each other exactly: down --all leaves no trace and up restores every table", async () => {
    const fresh = await createTestDatabase();
    const owner = migratingOwner(fresh);
    try {
      const before = await schemaFingerprint(owner);
      expect(before.length).toBeGreaterThan(SEED_TABLES.length);
      const progress: string[] = [];
      const reverted = await migrateDown(owner, { all: true, onProgress: (p) => progress.push(p.label) });
      expect(reverted).toEqual(Object.keys(MIGRATIONS).sort().reverse());
      expect(progress[0]).toBe(`[1/${reverted.length}] ${reverted[0]}`);
      expect(await schemaFingerprint(owner)).toEqual([]);

      const applied = await migrateUp(owner);
      expect(applied).toEqual(Object.keys(MIGRATIONS).sort());
      expect(await schemaFingerprint(owner)).toEqual(before);
    } finally {
      await owner.destroy();
      await fresh.destroy();
    }
  });

  it("step down one migration at a time", async () => {
    const fresh = await createTestDatabase();
    const owner = migratingOwner(fresh);
    try {
      const names = Object.keys(MIGRATIONS).sort();
      expect(await migrateDown(owner, { steps: 2 })).toEqual(names.slice(-2).reverse());
      const pending = (await migrationStatus(owner)).filter((migration) => migration.executedAt === null);
      expect(pending.map((migration) => migration.name)).toEqual(names.slice(-2));
      expect(await migrateUp(owner)).toEqual(names.slice(-2));
    } finally {
      await owner.destroy();
      await fresh.destroy();
    }
  });

  it("refuse a database without the required extensions and name the missing ones", async () => {
    const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database "${name}" owner cauldron_owner`);
    const bare = createDatabase({ url: database.ownerUrl.replace(/\/[^/]*$/, `/${name}`), poolMax: 1 });
    try {
      await expect(migrateUp(bare)).rejects.toThrow(/Missing PostgreSQL extensions: vector, postgis, pgrouting/);
      expect((await migrationStatus(bare)).every((migration) => migration.executedAt === null)).toBe(true);
    } finally {
      await bare.destroy();
      await admin.query(`drop database "${name}" with (force)`);
      await admin.end();
    }
  });
});
