import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { withTenant } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteObject,
  objectBytesPath,
  putObject,
  type StoredObject,
} from "../drills/scenarios/backup-restore-objects";
import {
  createWriteTenant,
  insertDocument,
  insertEmbedding,
  insertPoint,
  type WriteTenant,
} from "../drills/scenarios/backup-restore-rows";
import { BACKUP_FILES } from "./backup-manifest";
import { createBackup, type BackupSummary } from "./create-backup";
import { databaseLocationOf } from "./database-location";
import { hashFile } from "./object-files";
import { RestoreRefusedError, restoreBackup, type RestoreSummary } from "./restore-backup";

interface SeededTenant {
  tenant: WriteTenant;
  documents: string[];
  embeddings: string[];
  metrics: string[];
  objects: StoredObject[];
}

const adminUrl = loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL;
const locationOf = (database: TestDatabase) => databaseLocationOf(adminUrl, database.ownerUrl);

let source: TestDatabase;
let target: TestDatabase;
let workDir: string;
let sourceStore: string;
let targetStore: string;
let alpha: SeededTenant;
let bravo: SeededTenant;
let deletedAfterSnapshot: StoredObject;
let backup: BackupSummary;
let restore: RestoreSummary;
const backupLines: string[] = [];
const restoreLines: string[] = [];

async function seedTenant(label: string): Promise<SeededTenant> {
  const tenant = await createWriteTenant(source.db, label);
  const seeded: SeededTenant = { tenant, documents: [], embeddings: [], metrics: [], objects: [] };
  for (let n = 1; n <= 3; n += 1) {
    seeded.documents.push(await insertDocument(source.db, tenant, `${label} note ${n}`));
    seeded.embeddings.push(await insertEmbedding(source.db, tenant, `${label} passage ${n}`));
    seeded.metrics.push(`${label}.metric.${n}`);
    await insertPoint(source.db, tenant, `${label}.metric.${n}`);
    seeded.objects.push(
      await putObject(source.db, sourceStore, tenant, `files/${n}.bin`, Buffer.from(`${label} ${n}`)),
    );
  }
  // Replaced: the restored object must carry the second version's bytes.
  seeded.objects[1] = await putObject(
    source.db,
    sourceStore,
    tenant,
    "files/2.bin",
    Buffer.from(`${label} 2, revised`),
  );
  return seeded;
}

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  workDir = await mkdtemp(join(tmpdir(), "cauldron-backup-test-"));
  sourceStore = join(workDir, "source-store");
  targetStore = join(workDir, "target-store");
  alpha = await seedTenant("alpha");
  bravo = await seedTenant("bravo");
  deletedAfterSnapshot = alpha.objects[0]!;
  let deletion: Promise<void> | undefined;
  backup = await createBackup({
    database: locationOf(source),
    storeDir: sourceStore,
    outDir: join(workDir, "backup"),
    onProgress: (line) => backupLines.push(line),
    // Deleting an object removes its bytes once the row is gone; the backup must still hold them.
    onSnapshot: () => {
      deletion = deleteObject(source.db, sourceStore, alpha.tenant, deletedAfterSnapshot.path);
    },
  });
  await deletion;
  restore = await restoreBackup({
    database: locationOf(target),
    storeDir: targetStore,
    fromDir: backup.outDir,
    onProgress: (line) => restoreLines.push(line),
  });
});

afterAll(async () => {
  await Promise.all([source?.destroy(), target?.destroy()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function restoredRows(seeded: SeededTenant) {
  const owner = { userId: seeded.tenant.userId, organizationId: seeded.tenant.organizationId };
  return withTenant(target.db, owner, async (trx) => ({
    documents: await trx.selectFrom("lore.documents").select("id").where("id", "in", seeded.documents).execute(),
    embeddings: await trx.selectFrom("vector.embeddings").select("id").where("id", "in", seeded.embeddings).execute(),
    points: await trx
      .selectFrom("timeseries.business_metrics")
      .select("metric_name")
      .where("metric_name", "in", seeded.metrics)
      .execute(),
    objects: await trx.selectFrom("storage.objects").select(["name", "version", "checksum"]).execute(),
  }));
}

describe("backup and restore of a database with TimescaleDB and a filesystem object store", () => {
  it("writes a manifest with the backup point, the object counts and the dump's checksum", async () => {
    const { manifest } = backup;
    expect(manifest.snapshot.walLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(manifest.objects.rows).toBe(6);
    expect(manifest.objects.files).toBeGreaterThanOrEqual(6);
    expect(manifest.database.dumpSha256).toBe((await hashFile(join(backup.outDir, BACKUP_FILES.dump))).sha256);
    const { rows } = await sql<{ extversion: string }>`
      select extversion from pg_extension where extname = 'timescaledb'
    `.execute(source.db);
    expect(manifest.database.timescaledbVersion).toBe(rows[0]?.extversion ?? null);
    expect(backup.rowsWithoutBytes.missing).toBe(0);
  });

  it("restores every row of both organizations", async () => {
    for (const seeded of [alpha, bravo]) {
      const rows = await restoredRows(seeded);
      expect(rows.documents).toHaveLength(3);
      expect(rows.embeddings).toHaveLength(3);
      expect(rows.points).toHaveLength(3);
    }
  });

  it("restores every object with bytes matching its SHA-256, one deleted right after the snapshot included", async () => {
    expect(
      await readFile(objectBytesPath(sourceStore, alpha.tenant.organizationId, deletedAfterSnapshot.version)).catch(
        () => null,
      ),
    ).toBeNull();
    for (const seeded of [alpha, bravo]) {
      const { objects } = await restoredRows(seeded);
      expect(objects).toHaveLength(3);
      for (const expected of seeded.objects) {
        expect(objects.find((row) => row.name === expected.path)).toMatchObject({
          version: expected.version,
          checksum: expected.sha256,
        });
        const bytes = await hashFile(objectBytesPath(targetStore, seeded.tenant.organizationId, expected.version));
        expect(bytes.sha256).toBe(expected.sha256);
      }
    }
    expect(restore.rowsWithoutBytes).toMatchObject({ checked: 6, missing: 0 });
  });

  it("keeps the app role confined to its own organization after the restore", async () => {
    const asAlpha = { userId: alpha.tenant.userId, organizationId: alpha.tenant.organizationId };
    const seen = await withTenant(target.db, asAlpha, (trx) =>
      trx.selectFrom("lore.documents").select("id").where("id", "in", bravo.documents).execute(),
    );
    expect(seen).toEqual([]);
    const foreignWrite = withTenant(target.db, asAlpha, (trx) =>
      trx
        .insertInto("lore.documents")
        .values({ organization_id: bravo.tenant.organizationId, title: "intrusion", created_by: alpha.tenant.userId })
        .execute(),
    );
    await expect(foreignWrite).rejects.toMatchObject({ code: "42501" });
  });

  it("numbers its steps and counts what it copies", () => {
    expect(backupLines).toContain(`backup step 1/6: preparing ${backup.outDir}`);
    expect(backupLines.some((line) => /^backup step 6\/6: /.test(line))).toBe(true);
    expect(backupLines.some((line) => /^backup {3}\d+ files copied$/.test(line))).toBe(true);
    expect(restoreLines.some((line) => /^restore {3}\d+\/\d+ archive items restored$/.test(line))).toBe(true);
    expect(restoreLines.at(-1)).toBe("restore   all 6 object rows have their bytes");
  });

  it("refuses a backup whose object bytes changed, before touching the target", async () => {
    const damaged = join(workDir, "damaged");
    await cp(backup.outDir, damaged, { recursive: true });
    const file = join(damaged, BACKUP_FILES.objects, alpha.tenant.organizationId, alpha.objects[2]!.version);
    await writeFile(file, "tampered");
    await expect(
      restoreBackup({ database: locationOf(target), storeDir: targetStore, fromDir: damaged }),
    ).rejects.toThrow(/do not match their checksums \(1\)/);
  });

  it("refuses to restore over a database that holds data unless forced", async () => {
    const again = { database: locationOf(target), storeDir: targetStore, fromDir: backup.outDir };
    await expect(restoreBackup(again)).rejects.toBeInstanceOf(RestoreRefusedError);
    await expect(restoreBackup(again)).rejects.toThrow(
      /already holds data \(public.users, public.organizations, storage.objects\)/,
    );
    const forced = await restoreBackup({ ...again, force: true });
    expect(forced.rowsWithoutBytes).toMatchObject({ checked: 6, missing: 0 });
    expect((await restoredRows(alpha)).documents).toHaveLength(3);
  });
});
